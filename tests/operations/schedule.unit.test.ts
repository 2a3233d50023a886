import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/run-cli.js';

interface LogLine {
  name?: string;
  msg?: string;
  trigger?: number;
}

function jsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

// Embedded mode needs no service: each run's produce and healthcheck open PGlite in a temp dir.
describe('npm run schedule (embedded, sample source)', () => {
  const dirs: string[] = [];
  const tempDir = (label: string) => {
    const dir = mkdtempSync(join(tmpdir(), label));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('fires every 2 s, runs one job per trigger, skips triggers that overlap, logs to a file, stops on SIGTERM', async () => {
    const logDir = tempDir('schedule-logs-');
    const cli = startCli(
      'src/cli/schedule.ts',
      // 14 days: even after the longest holidays the fresh database gets each market's sessions.
      ['--cron', '*/2 * * * * *', '--days', '14', '--source', 'sample', '--log-dir', logDir],
      { EMBEDDED_DATA_DIR: tempDir('schedule-data-') },
    );
    try {
      // A run (PGlite start, produce, healthcheck) takes several seconds: triggers overlap.
      await cli.waitFor(/run finished[\s\S]*run finished/, 240_000);
      await cli.waitFor(/skipped/, 10_000);
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
    }

    const lines = jsonLines(cli.output());
    const scheduler = lines.filter((line) => line.name === 'scheduler');
    const started = scheduler.filter((line) => /^trigger \d+: run started/.test(line.msg ?? ''));
    const finished = scheduler.filter((line) => /^trigger \d+: run finished/.test(line.msg ?? ''));
    const skipped = scheduler.filter((line) => /^trigger \d+ skipped/.test(line.msg ?? ''));
    expect(started.length).toBeGreaterThanOrEqual(2);
    expect(skipped.length).toBeGreaterThanOrEqual(1);

    // Each trigger either started one run or was skipped, never both, never twice.
    const triggers = [...started, ...skipped].map((line) => line.trigger);
    expect(new Set(triggers).size).toBe(triggers.length);
    expect(Math.max(...(triggers as number[]))).toBe(triggers.length);

    // One run at a time: every run finished before the next started, and the stop let the
    // last one finish.
    const runEvents = scheduler.filter((line) => /run (started|finished)/.test(line.msg ?? ''));
    runEvents.forEach((line, index) => {
      expect(line.msg).toMatch(index % 2 === 0 ? /run started/ : /run finished/);
      if (index % 2 === 1) expect(line.trigger).toBe(runEvents[index - 1]?.trigger);
    });
    expect(finished).toHaveLength(started.length);
    for (const line of finished) {
      expect(line.msg).toMatch(/produce exit 0, healthcheck: all fresh/);
    }

    // Exactly one produce job per run.
    const jobs = lines.filter(
      (line) => line.name === 'producer' && /^job \S+ started:/.test(line.msg ?? ''),
    );
    expect(jobs).toHaveLength(started.length);
    expect(scheduler.at(-1)?.msg).toBe('scheduler stopped');

    // The day's file has the runs, their children's output and the skipped triggers.
    const files = readdirSync(logDir);
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const file of files) expect(file).toMatch(/^collect_\d{8}\.log$/);
    const log = files.map((file) => readFileSync(join(logDir, file), 'utf8')).join('');
    expect(log).toMatch(/"name":"producer".*"msg":"job \S+ started:/);
    expect(log).toMatch(/^asset\s+source\s+latest stored\s+expected\s+lag\s+status$/m);
    expect(log).toMatch(/"msg":"trigger \d+ skipped: the run of trigger \d+ is still running"/);
    expect(jsonLines(log).filter((line) => /run started/.test(line.msg ?? ''))).toHaveLength(
      started.length,
    );
  }, 330_000);

  it('--once runs the job now and exits with its code', async () => {
    const logDir = tempDir('schedule-once-');
    const result = await runCli(
      'src/cli/schedule.ts',
      ['--once', '--days', '14', '--source', 'sample', '--log-dir', logDir],
      { EMBEDDED_DATA_DIR: tempDir('schedule-once-data-') },
      120_000,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"msg":"trigger 1: run finished in .*healthcheck: all fresh"/);
    const [file] = readdirSync(logDir);
    expect(file).toMatch(/^collect_\d{8}\.log$/);
    const log = readFileSync(join(logDir, file as string), 'utf8');
    expect(log).toContain('all 7 assets fresh');
    expect(log).toMatch(/"name":"producer"/);
  }, 150_000);
});
