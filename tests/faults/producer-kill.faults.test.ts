import { describe, expect, it } from 'vitest';
import { requireServices } from '../support/integration.js';
import {
  comparedWithCleanRun,
  expectNoDeadLetters,
  killHard,
  SERIAL_LARGE_JOB,
  unfinishedUnits,
  waitForJobId,
} from './fault-harness.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

const STALL_SECONDS = 8;
/** The tracker looks for stalled jobs every stall/4, at least every second. */
const CHECK_EVERY_MS = Math.max(1_000, (STALL_SECONDS * 1000) / 4);

interface UnfinishedUnit {
  asset: string;
  unit: string;
  error: string;
}

describe.skipIf(skip)('the producer killed with SIGKILL in the middle of a job', () => {
  const startFaultedRun = comparedWithCleanRun(services, SERIAL_LARGE_JOB, { keepRows: true });

  it('ends the job stalled within the stall timeout, naming the unfinished units, with a subset of the rows', async () => {
    const { clean, faulted } = await startFaultedRun();
    const { fixture } = faulted;
    const consumers = await faulted.startConsumers('all', {
      JOB_STALL_AFTER_SECONDS: String(STALL_SECONDS),
    });
    const producer = faulted.startProduce(SERIAL_LARGE_JOB);
    const jobId = await waitForJobId(producer, 60_000);
    const planned = clean.job.units_planned;
    // The producer logs every tenth of the units; kill it once three tenths are published.
    const step = Math.ceil(planned / 10);
    await producer.waitFor(new RegExp(`"msg":"units: ${3 * step}/${planned}"`), 60_000);
    const killedAt = Date.now(); // killHard sends SIGKILL first, then waits for the exit
    const killed = await killHard(producer);
    expect(killed).toHaveLength(1);
    expect(await producer.exited).not.toBe(0);
    expect(producer.output()).not.toMatch(/job [0-9a-f-]{36} published/);

    const job = await faulted.finishedJob(jobId, 45_000);
    const endedMs = Date.now() - killedAt;

    // Stalled, not running: partial_failure, since some units did finish (failure if none had).
    expect(job.status).toBe('partial_failure');
    expect(job.stalled).toBe(true);
    expect(job.units_planned).toBe(planned);
    expect(job.units_fetched).toBeGreaterThan(0);
    expect(job.units_fetched).toBeLessThan(planned);
    expect(job.ended_at).not.toBeNull();

    // Declared as soon as the timeout allowed: no progress for STALL_SECONDS, caught by the
    // next check (every CHECK_EVERY_MS).
    const { last_at: lastProgress } = await fixture.db.one<{ last_at: Date }>(
      'SELECT max(recorded_at) AS last_at FROM job_unit WHERE job_id = $1',
      [jobId],
    );
    const quietMs = (job.ended_at as Date).getTime() - lastProgress.getTime();
    expect(quietMs).toBeGreaterThanOrEqual(STALL_SECONDS * 1000);
    expect(quietMs).toBeLessThanOrEqual(STALL_SECONDS * 1000 + CHECK_EVERY_MS + 2_000);

    // error_message names exactly the units that never finished, and so every asset never fetched.
    const openUnits = await unfinishedUnits(fixture, jobId);
    const unfetchedAssets = await fixture.db.map(
      `SELECT DISTINCT asset_id FROM job_unit p WHERE job_id = $1 AND stage = 'planned'
         AND NOT EXISTS (SELECT 1 FROM job_unit f WHERE f.job_id = p.job_id
           AND f.asset_id = p.asset_id AND f.stage = 'fetch')
       ORDER BY asset_id`,
      [jobId],
      (row: { asset_id: string }) => row.asset_id,
    );
    const named = JSON.parse(job.error_message ?? '[]') as UnfinishedUnit[];
    expect(named.map((unit) => unit.unit).sort()).toEqual(openUnits);
    expect(openUnits.length).toBe(planned - job.units_stored);
    expect(unfetchedAssets.length).toBeGreaterThan(0);
    const namedAssets = [...new Set(named.map((unit) => unit.asset))];
    for (const asset of unfetchedAssets) expect(namedAssets).toContain(asset);
    expect(named[0]?.error).toMatch(/not finished: no progress/);

    // What was stored is a part of the undisturbed run's rows, each row identical.
    const rows = await faulted.priceRows();
    expect(rows.size).toBeGreaterThan(0);
    expect(rows.size).toBeLessThan(clean.prices.rows);
    const differing = [...rows].filter(([key, line]) => clean.rows?.get(key) !== line);
    expect(differing).toEqual([]);
    await expectNoDeadLetters(fixture);

    // It stays stalled (the stall check runs on), and the consumers are still up.
    await new Promise((resolve) => setTimeout(resolve, 2 * CHECK_EVERY_MS));
    const again = await faulted.job(jobId);
    expect(again.status).toBe(job.status);
    expect(again.error_message).toBe(job.error_message);
    const { running } = await fixture.db.one<{ running: number }>(
      `SELECT count(*)::int AS running FROM job_run WHERE status = 'running'`,
    );
    expect(running).toBe(0);
    expect(consumers.child.exitCode).toBeNull();
    console.info(
      `[faults] producer kill: pid ${killed.join(',')} SIGKILLed after ${job.units_fetched}/${planned} units ` +
        `(${rows.size}/${clean.prices.rows} rows stored); job ${job.status}, stalled, ` +
        `${STALL_SECONDS} s timeout: declared ${quietMs} ms after its last progress, ` +
        `${endedMs} ms after the kill; ${openUnits.length} unfinished unit(s) named, ` +
        `assets never fetched: ${unfetchedAssets.join(', ')}; all named: ${namedAssets.join(', ')}`,
    );
  });
});
