import type { RunningCli } from './run-cli.js';

export type LogLine = Record<string, unknown> & { msg?: string; jobId?: unknown };

/** The output's JSON log lines (pino), skipping anything else (stderr lines, cut lines). */
export function logLines(output: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // A line cut by interleaved output.
    }
  }
  return lines;
}

/**
 * The `jobId` field of the first log line that carries one. A `produce` or `replay` run starts
 * one job and logs its id as a field from its first job line on (`started`, `published`, the
 * outcome), so the first one seen is the run's job.
 */
export function loggedJobId(output: string): string | undefined {
  for (const line of logLines(output)) {
    if (typeof line.jobId === 'string') return line.jobId;
  }
  return undefined;
}

/** `loggedJobId`, for output that must have one: fails with the output otherwise. */
export function jobIdIn(output: string): string {
  const jobId = loggedJobId(output);
  if (jobId === undefined) throw new Error(`no jobId field in the log lines of:\n${output}`);
  return jobId;
}

/** A whole pino line (its newline printed too) with a `jobId` field. */
const JOB_ID_FIELD = /^\{.*"jobId":"[^"]+".*\n/m;

/** Waits until the running command logs its job id (its job has started), and returns it. */
export async function waitForJobId(cli: RunningCli, timeoutMs: number): Promise<string> {
  await cli.waitFor(JOB_ID_FIELD, timeoutMs);
  return jobIdIn(cli.output());
}
