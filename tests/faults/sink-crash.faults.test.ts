import { describe, expect, it } from 'vitest';
import { requireServices } from '../support/integration.js';
import {
  comparedWithCleanRun,
  expectCleanRunOutcome,
  groupLag,
  killHard,
  LARGE_JOB,
  messageCount,
} from './fault-harness.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

describe.skipIf(skip)('the sink killed with SIGKILL in the middle of a large job', () => {
  const startFaultedRun = comparedWithCleanRun(services, LARGE_JOB);

  it('loses no row, duplicates none, and ends success with the counters of an undisturbed run', async () => {
    const { clean, faulted } = await startFaultedRun();
    // The validator and the tracker stay up throughout; only the sink's process crashes.
    await faulted.startConsumers('validator');
    await faulted.startConsumers('tracker');
    const sink = await faulted.startConsumers('sink');
    const producing = faulted.produce(LARGE_JOB);
    producing.catch(() => undefined); // awaited below; a failure before that fails the test anyway

    const total = clean.prices.rows;
    const rowsBeforeKill = await faulted.waitForRows(total / 5);
    const killed = await killHard(sink);
    expect(killed).toHaveLength(1);
    const rowsAfterKill = await faulted.rowCount();
    // What the next sink must take over: validated units the dead one had not committed.
    const uncommitted = await groupLag(faulted.fixture, 'sink', 'validated');
    // Some but not all: the crash landed in the middle of the job.
    expect(rowsAfterKill).toBeGreaterThan(0);
    expect(rowsAfterKill).toBeLessThan(total);

    const restartedAt = Date.now();
    await faulted.startConsumers('sink');
    const jobId = await producing;
    const job = await faulted.finishedJob(jobId, 150_000);
    const recoveryMs = Date.now() - restartedAt;

    expect(job.status).toBe('success');
    await expectCleanRunOutcome(faulted, job, clean);

    // A batch the dead sink had stored but not yet committed in Kafka is stored and announced
    // again by the new one; the tracker folds the second UnitStored into nothing.
    const jobEvents = await messageCount(faulted.fixture, faulted.fixture.topics.jobs);
    const firstTime = 1 + 3 * clean.job.units_planned;
    expect(jobEvents).toBeGreaterThanOrEqual(firstTime);
    console.info(
      `[faults] sink crash: clean run ${clean.elapsedMs} ms, ${total} rows, ${clean.job.units_planned} units; ` +
        `sink (pid ${killed.join(',')}) SIGKILLed at ${rowsBeforeKill}..${rowsAfterKill} rows, ${uncommitted} validated unit(s) not committed; ` +
        `job success ${recoveryMs} ms after the new sink started; ` +
        `${jobEvents - firstTime} UnitStored event(s) published twice`,
    );
  });
});
