import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { requireServices } from '../support/integration.js';
import {
  comparedWithCleanRun,
  expectNoDeadLetters,
  infra,
  loggedJobId,
  logLines,
  outcomeOf,
  SERIAL_LARGE_JOB,
  stagesCaughtUp,
  unfinishedUnits,
  waitForJobId,
  waitUntil,
} from './fault-harness.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

const STALL = { JOB_STALL_AFTER_SECONDS: '8' };
const OUTAGE_MS = 10_000;

/** Warnings and errors in a CLI's output, counted by component (and consumer group) and message. */
function trouble(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of logLines(output)) {
    if (line.level !== 'warn' && line.level !== 'error') continue;
    const msg = String(line.msg);
    if (/switched default partitioner|Limiting retries for the idempotent/.test(msg)) continue;
    const group = typeof line.groupId === 'string' ? ` (${line.groupId.split('.').at(-1)})` : '';
    const key = `${line.level} ${String(line.component ?? line.name)}${group}: ${msg.replace(/\d+/g, 'N').slice(0, 80)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe.skipIf(skip)('the broker stopped for 10 s and restarted in the middle of a job', () => {
  const startFaultedRun = comparedWithCleanRun(services, SERIAL_LARGE_JOB, { restart: 'kafka' });

  it('ends with the rows and counters of an undisturbed run, no job left running', async () => {
    const { clean, faulted } = await startFaultedRun();
    const { fixture } = faulted;
    const consumers = await faulted.startConsumers('all', STALL);
    const producer = faulted.startProduce(SERIAL_LARGE_JOB);
    let producerEndedAt = 0;
    void producer.exited.then(() => {
      producerEndedAt = Date.now();
    });
    const firstJobId = await waitForJobId(producer, 60_000);
    const planned = clean.job.units_planned;
    // The producer logs every tenth of the units: stop the broker once the first tenth is out.
    await producer.waitFor(new RegExp(`"msg":"units: ${Math.ceil(planned / 10)}/${planned}"`));

    const rowsAtStop = await faulted.rowCount();
    const stoppedAt = Date.now();
    let producerRunningAtStop = false;
    let upAt = 0;
    try {
      await infra('kafka', 'stop');
      producerRunningAtStop = producer.child.exitCode === null;
      await sleep(OUTAGE_MS);
    } finally {
      await infra('kafka', 'start');
      upAt = Date.now();
    }
    const downMs = upAt - stoppedAt;
    // The stop hit the job in its middle: the producer was still publishing.
    expect(producerRunningAtStop).toBe(true);

    // How the consumers come back: the first row and the first tracked event after the restart,
    // then every stage's group caught up with all that was published.
    const rowsAtRestart = await faulted.rowCount();
    const unitRows = async () =>
      (await fixture.db.one<{ n: number }>('SELECT count(*)::int AS n FROM job_unit')).n;
    const unitRowsAtRestart = await unitRows();
    let firstRowMs: number | undefined;
    let firstTrackedMs: number | undefined;
    await waitUntil(
      'the consumers to catch up with everything published',
      async () => {
        if (firstRowMs === undefined && (await faulted.rowCount()) > rowsAtRestart)
          firstRowMs = Date.now() - upAt;
        if (firstTrackedMs === undefined && (await unitRows()) > unitRowsAtRestart)
          firstTrackedMs = Date.now() - upAt;
        return producer.child.exitCode !== null && (await stagesCaughtUp(fixture));
      },
      {
        timeoutMs: 100_000,
        everyMs: 100,
        detail: () =>
          `producer exit ${producer.child.exitCode}; consumers' last output:\n${faulted.consumerOutput().slice(-6000)}`,
      },
    );
    const caughtUpMs = Date.now() - upAt;
    const code = await producer.exited;
    const output = producer.output();

    let story: string;
    if (code === 0) {
      // The producer rode the outage out (kafkajs retries): one job, success.
      expect(loggedJobId(output)).toBe(firstJobId);
      const job = await faulted.finishedJob(firstJobId, 60_000);
      expect(job.status).toBe('success');
      expect(job.stalled).toBe(false);
      expect(outcomeOf(job)).toEqual(clean.job);
      story = `the producer survived (exit 0, ${producerEndedAt - upAt} ms after the broker was back)`;
    } else {
      // The producer gave up: exit 1, saying what was and was not sent.
      expect(code).toBe(1);
      const stopped = logLines(output).find((line) =>
        line.msg?.startsWith('publishing stopped; the units not sent can be fetched again'),
      ) as { unitsSent: string[]; unitsNotSent: string[] } | undefined;
      expect(stopped, output.slice(-3000)).toBeDefined();
      const { unitsSent = [], unitsNotSent = [] } = stopped ?? {};
      expect(unitsSent.length + unitsNotSent.length).toBe(planned);
      expect(unitsNotSent.length).toBeGreaterThan(0);
      expect(output).toMatch(/^producer: .*sent JobStarted and \d+ of \d+ unit/m);

      // The first job is left incomplete: it ends stalled instead of running forever.
      const first = await faulted.finishedJob(firstJobId, 60_000);
      expect(first.stalled).toBe(true);
      expect(['failure', 'partial_failure']).toContain(first.status);
      const named = new Set(
        (JSON.parse(first.error_message ?? '[]') as { unit: string }[]).map((u) => u.unit),
      );
      // Every unit it names is one the producer reported as not sent. (The converse need not
      // hold: the unit in flight when publishing failed may have reached the broker, and then
      // the consumers stored it; with one asset at a time there is one such unit at most.)
      const notSent = new Set(unitsNotSent);
      for (const unit of named) expect(notSent).toContain(unit);
      const deliveredAnyway = unitsNotSent.filter((unit) => !named.has(unit));
      expect(deliveredAnyway.length).toBeLessThanOrEqual(1);
      // ... and exactly the units still unfinished now, even if some finished after the stall
      // (events published before the outage, folded once the broker was back).
      const open = await unfinishedUnits(fixture, firstJobId);
      expect([...named].sort()).toEqual(open);
      expect(first.status).toBe(open.length < planned ? 'partial_failure' : 'failure');
      const { late } = await fixture.db.one<{ late: number }>(
        `SELECT count(DISTINCT unit_id)::int AS late FROM job_unit
         WHERE job_id = $1 AND stage = 'store' AND recorded_at > $2`,
        [firstJobId, first.ended_at],
      );

      // The documented recovery: the same command again.
      const rerunStarted = Date.now();
      const rerunId = await faulted.produce(SERIAL_LARGE_JOB);
      const rerun = await faulted.finishedJob(rerunId, 90_000);
      expect(rerun.status).toBe('success');
      expect(rerun.stalled).toBe(false);
      expect(outcomeOf(rerun)).toEqual(clean.job);
      // The first job stays stalled: the re-run is a job of its own.
      const firstAgain = await faulted.job(firstJobId);
      expect(firstAgain.status).toBe(first.status);
      story =
        `the producer failed (exit 1, ${producerEndedAt - stoppedAt} ms after the stop; ` +
        `${unitsSent.length} unit(s) sent, ${unitsNotSent.length} not); first job ${first.status}, stalled ` +
        `(${first.units_stored}/${planned} units stored, ${late} of them after it was declared stalled; ` +
        `${deliveredAnyway.length} unit reported not sent was delivered anyway); re-run success in ${Date.now() - rerunStarted} ms`;
    }

    expect(await faulted.prices()).toEqual(clean.prices);
    const { running } = await fixture.db.one<{ running: number }>(
      `SELECT count(*)::int AS running FROM job_run WHERE status = 'running'`,
    );
    expect(running).toBe(0);
    // A broker outage is not poison: nothing was dead-lettered, and the consumers stayed up.
    await expectNoDeadLetters(fixture);
    expect(consumers.child.exitCode).toBeNull();
    console.info(
      `[faults] broker restart: clean run ${clean.elapsedMs} ms, ${clean.prices.rows} rows; ` +
        `stopped at ${rowsAtStop} rows, down ${downMs} ms (stop to answering again), ` +
        `${rowsAtRestart} rows right after; ${story}; consumers after the restart: first row ` +
        `${firstRowMs ?? 'none pending'} ms, first tracked event ${firstTrackedMs ?? 'none pending'} ms, ` +
        `all stages caught up ${caughtUpMs} ms; consumer warnings/errors: ${JSON.stringify(trouble(consumers.output()))}; ` +
        `producer warnings/errors: ${JSON.stringify(trouble(output))}`,
    );
  });
});
