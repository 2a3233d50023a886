<#
.SYNOPSIS
  Registers the Windows Task Scheduler task "MarketCollectorDaily": every day at 18:00 in Seoul,
  the daily job of market-collector (produce over the last 7 days, then the healthcheck).

.DESCRIPTION
  The task runs `node scripts/cli.mjs schedule --once --days 7` in the repository, the
  same command as `npm run schedule -- --once`: it computes the window in Asia/Seoul, appends
  to logs\collect_YYYYMMDD.log and exits with the job's code (0 ok, 1 failed produce or stale
  data, 2 bad settings), which Task Scheduler shows as the last run result.

  The trigger's start boundary carries the +09:00 offset, so Task Scheduler fires it at 18:00
  Korea time whatever this machine's time zone or daylight saving time ("synchronize across
  time zones"). A start missed while the machine was off runs when it is back; a run never
  starts while the previous one is still going.

  Settings (DATABASE_URL, KAFKA_BROKERS, ALERT_WEBHOOK_URL, ...) come from the repository's
  .env, as for every command. Run this script again to update the task; -Unregister removes it.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File deploy\windows\register-task.ps1

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File deploy\windows\register-task.ps1 -Unregister
#>
[CmdletBinding()]
param(
  # The market-collector checkout (with node_modules installed by `npm ci`).
  [string]$RepoPath = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path,
  [string]$TaskName = 'MarketCollectorDaily',
  # Days each run fetches, ending today in Asia/Seoul.
  [ValidateRange(1, 3650)][int]$Days = 7,
  # Time of day in Seoul, HH:mm.
  [ValidatePattern('^\d{2}:\d{2}$')][string]$At = '18:00',
  # S4U runs whether or not the user is logged on, without storing a password (needs an
  # elevated prompt to register); Interactive runs only while the user is logged on.
  [ValidateSet('S4U', 'Interactive')][string]$LogonType = 'S4U',
  [switch]$Unregister
)

$ErrorActionPreference = 'Stop'

if ($Unregister) {
  Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
  Write-Host "Removed the scheduled task $TaskName."
  return
}

$node = (Get-Command node.exe -ErrorAction Stop).Source
$entry = Join-Path $RepoPath 'src\cli\schedule.ts'
if (-not (Test-Path $entry)) { throw "No ${entry}: pass -RepoPath <market-collector checkout>." }
if (-not (Test-Path (Join-Path $RepoPath 'node_modules\tsx'))) {
  throw "tsx is not installed in ${RepoPath}: run npm ci there first."
}

$action = New-ScheduledTaskAction -Execute $node `
  -Argument "scripts\cli.mjs schedule --once --days $Days" `
  -WorkingDirectory $RepoPath

# A daily trigger whose start carries Korea's offset (KST has no daylight saving time).
$trigger = New-ScheduledTaskTrigger -Daily -At $At
$trigger.StartBoundary = (Get-Date -Format 'yyyy-MM-dd') + "T${At}:00+09:00"

$settings = New-ScheduledTaskSettingsSet `
  -StartWhenAvailable `
  -MultipleInstances IgnoreNew `
  -ExecutionTimeLimit (New-TimeSpan -Hours 2) `
  -RunOnlyIfNetworkAvailable

$principal = New-ScheduledTaskPrincipal -UserId "$env:USERDOMAIN\$env:USERNAME" `
  -LogonType $LogonType -RunLevel Limited

Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger `
  -Settings $settings -Principal $principal -Force `
  -Description "market-collector: produce over the last $Days days, then healthcheck, daily at $At Asia/Seoul. Logs in $RepoPath\logs." |
  Out-Null

$task = Get-ScheduledTask -TaskName $TaskName
$next = ($task | Get-ScheduledTaskInfo).NextRunTime
Write-Host "Registered ${TaskName}: daily at $At Asia/Seoul (next run $next local time)."
Write-Host "Run it now with: Start-ScheduledTask -TaskName $TaskName"
