import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScheduleArgs } from '../../src/cli/schedule-options.js';
import { createLogger } from '../../src/logging/logger.js';
import type { ChildCommandOptions, CliName } from '../../src/schedule/child-command.js';
import type { StartChild } from '../../src/schedule/daily-job.js';
import { createDailyScheduler, runExitCode } from '../../src/schedule/daily-scheduler.js';
import { dailyWindow, runLogName } from '../../src/schedule/daily-window.js';
import { createRunGuard } from '../../src/schedule/run-guard.js';
import { createRunLog } from '../../src/schedule/run-log.js';

interface FakeChild {
  name: CliName;
  args: readonly string[];
  signals: string[];
  /** Prints the lines, then exits with the code. */
  finish(code?: number, lines?: string[]): void;
}

/** Children that run until the test finishes them, recording how they were started. */
function fakeChildren() {
  const started: FakeChild[] = [];
  const startChild: StartChild = (name, args, options: ChildCommandOptions) => {
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => {
      exit = resolve;
    });
    const child: FakeChild = {
      name,
      args,
      signals: [],
      finish(code = 0, lines = []) {
        for (const line of lines) options.onLine(line, 'stdout');
        exit(code);
      },
    };
    started.push(child);
    return {
      pid: 1000 + started.length,
      exited,
      terminate(signal = 'SIGTERM') {
        child.signals.push(signal);
        exit(1);
      },
    };
  };
  const next = async (count: number): Promise<FakeChild> => {
    for (let i = 0; i < 100 && started.length < count; i++)
      await new Promise((r) => setTimeout(r, 5));
    const child = started[count - 1];
    if (child === undefined) throw new Error(`child ${count} never started`);
    return child;
  };
  return { started, startChild, next };
}

const NOW = new Date('2026-02-12T09:00:00Z'); // 18:00 in Seoul

function setup(extraArgs: string[] = []) {
  const logDir = mkdtempSync(join(tmpdir(), 'schedule-logs-'));
  const lines: string[] = [];
  const runLog = createRunLog({ format: 'json', stdout: { write: (text) => lines.push(text) } });
  const logger = createLogger({
    component: 'scheduler',
    level: 'info',
    format: 'json',
    destination: runLog,
  });
  const args = parseScheduleArgs(['--log-dir', logDir, '--source', 'sample', ...extraArgs], {
    kafka: false,
  });
  if (args === undefined) throw new Error('no args');
  const children = fakeChildren();
  const scheduler = createDailyScheduler({
    args,
    logger,
    runLog,
    startChild: children.startChild,
    clock: () => NOW,
  });
  const messages = () =>
    lines
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
  cleanups.push(() => rmSync(logDir, { recursive: true, force: true }));
  return { scheduler, children, messages, logDir, lines };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('the daily window', () => {
  it('ends today in Asia/Seoul and spans the given days', () => {
    expect(dailyWindow(NOW, 7)).toEqual({ start: '2026-02-06', end: '2026-02-12' });
    // 23:30 UTC on Feb 12 is already Feb 13 in Seoul.
    expect(dailyWindow(new Date('2026-02-12T23:30:00Z'), 1)).toEqual({
      start: '2026-02-13',
      end: '2026-02-13',
    });
    expect(runLogName(new Date('2026-02-12T23:30:00Z'))).toBe('collect_20260213.log');
  });
});

describe('the run guard', () => {
  it('runs one task at a time and does not queue the others', async () => {
    const guard = createRunGuard();
    let release!: () => void;
    const first = guard.tryRun(
      () => new Promise<string>((resolve) => (release = () => resolve('done'))),
    );
    expect(guard.busy).toBe(true);
    expect(guard.tryRun(async () => 'second')).toBeUndefined();
    release();
    await expect(first).resolves.toBe('done');
    await guard.idle();
    expect(guard.busy).toBe(false);
    await expect(guard.tryRun(async () => 'third')).resolves.toBe('third');
  });

  it('is free again after a task fails', async () => {
    const guard = createRunGuard();
    await expect(guard.tryRun(async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await guard.idle();
    expect(guard.busy).toBe(false);
  });
});

describe('the daily scheduler', () => {
  it('runs produce over the last 7 days, then the healthcheck, and skips a trigger meanwhile', async () => {
    const { scheduler, children, messages, logDir } = setup();
    const run = scheduler.trigger();
    expect(run).toBeDefined();
    const produce = await children.next(1);
    expect(produce.name).toBe('produce');
    expect(produce.args).toEqual([
      '--start',
      '2026-02-06',
      '--end',
      '2026-02-12',
      '--job-name',
      'daily',
      '--source',
      'sample',
    ]);

    expect(scheduler.trigger()).toBeUndefined();
    expect(messages()).toContain('trigger 2 skipped: the run of trigger 1 is still running');

    produce.finish(0, ['{"name":"producer","msg":"job published"}']);
    const healthcheck = await children.next(2);
    expect(healthcheck.name).toBe('healthcheck');
    expect(healthcheck.args).toEqual(['--source', 'sample']);
    healthcheck.finish(1, ['US500  sample  2026-02-04  2026-02-11  5  STALE']);

    const result = await run;
    expect(result).toMatchObject({ produce: 0, healthcheck: 1, terminated: false });
    expect(runExitCode(result as NonNullable<typeof result>)).toBe(1);
    expect(children.started).toHaveLength(2);

    const file = readFileSync(join(logDir, 'collect_20260212.log'), 'utf8');
    expect(file).toContain('trigger 1: run started, produce 2026-02-06..2026-02-12');
    expect(file).toContain('trigger 2 skipped');
    expect(file).toContain('{"name":"producer","msg":"job published"}\n');
    expect(file).toContain('US500  sample  2026-02-04  2026-02-11  5  STALE\n');
    expect(file).toMatch(/trigger 1: run finished in .*produce exit 0, healthcheck exit 1/);

    // The guard is free again: the next trigger runs.
    const again = scheduler.trigger();
    expect(again).toBeDefined();
    (await children.next(3)).finish(0);
    (await children.next(4)).finish(0);
    await expect(again).resolves.toMatchObject({ produce: 0, healthcheck: 0 });
    // Appended: both runs are in the day's file.
    expect(readFileSync(join(logDir, 'collect_20260212.log'), 'utf8')).toMatch(
      /trigger 1: run started[\s\S]*trigger 3: run started/,
    );
  });

  it('still runs the healthcheck when produce fails, and --once exits with produce code', async () => {
    const { scheduler, children } = setup();
    const run = scheduler.trigger();
    (await children.next(1)).finish(1);
    (await children.next(2)).finish(0);
    const result = await run;
    expect(result).toMatchObject({ produce: 1, healthcheck: 0 });
    expect(runExitCode(result as NonNullable<typeof result>)).toBe(1);
  });

  it('on stop lets the running job finish', async () => {
    const { scheduler, children, messages } = setup();
    const run = scheduler.trigger();
    const produce = await children.next(1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    expect(messages().some((msg) => msg.startsWith('stopping: letting the run of trigger 1'))).toBe(
      true,
    );
    produce.finish(0);
    (await children.next(2)).finish(0);
    await stopping;
    expect(produce.signals).toEqual([]);
    await expect(run).resolves.toMatchObject({ produce: 0, healthcheck: 0, terminated: false });
  });

  it('terminates the running job once the stop timeout is over, and runs nothing after it', async () => {
    const { scheduler, children } = setup(['--stop-timeout', '0']);
    const run = scheduler.trigger();
    const produce = await children.next(1);
    await scheduler.stop();
    expect(produce.signals).toEqual(['SIGTERM']);
    await expect(run).resolves.toMatchObject({ healthcheck: null, terminated: true });
    expect(children.started).toHaveLength(1);
  });

  it('a second signal terminates the run at once', async () => {
    const { scheduler, children } = setup();
    const run = scheduler.trigger();
    const produce = await children.next(1);
    produce.finish(0);
    const healthcheck = await children.next(2);
    scheduler.terminateRun();
    expect(healthcheck.signals).toEqual(['SIGTERM']);
    await expect(run).resolves.toMatchObject({ produce: 0, terminated: true });
  });
});
