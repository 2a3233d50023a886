import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../src/contracts/events.js';
import { anomalousUnits } from '../../support/anomalous-units.js';
import { cliEnv } from '../../support/cli-env.js';
import { requireServices } from '../../support/integration.js';
import { jobIdIn } from '../../support/log-lines.js';
import { createPipelineFixture, type PipelineFixture } from '../../support/pipeline-fixture.js';
import { readTopic } from '../../support/read-topic.js';
import { type RunningCli, runCli } from '../../support/run-cli.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

interface AnomalyRow {
  anomaly_key: string;
  asset_id: string;
  date: string | null;
  code: string;
  severity: string;
  job_id: string;
}

const ROWS = 'SELECT * FROM anomaly ORDER BY anomaly_key';

describe.skipIf(skip)('the anomaly stage of `consume -- all` against Kafka and PostgreSQL', () => {
  let fixture: PipelineFixture;
  let consumers: RunningCli;

  async function rowsWhen(ready: (rows: AnomalyRow[]) => boolean): Promise<AnomalyRow[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const rows = await fixture.db.any<AnomalyRow>(ROWS);
      if (ready(rows)) return rows;
      if (Date.now() > deadline) {
        throw new Error(
          `anomaly rows not as expected: ${JSON.stringify(rows)}\n${consumers.output().slice(-2000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    consumers = await fixture.startConsumers();
  }, 120_000);

  afterAll(async () => {
    await fixture?.cleanup();
  });

  it('stores the flagged events of a job; a replay and a redelivery add no row', {
    timeout: 180_000,
  }, async () => {
    const jobId = randomUUID();
    await fixture.publisher.publish(
      'raw',
      anomalousUnits(jobId).map((unit) => ({ key: unit.assetId, value: unit })),
    );
    const flagged: Anomaly[] = await Promise.all(
      (await readTopic(fixture.kafka, fixture.topics.flagged, (m) => m.length >= 5)).map(
        (message) => fixture.codec.decode('flagged', message.value as Buffer),
      ),
    );
    expect(flagged).toHaveLength(5);
    const rows = await rowsWhen((found) => found.length >= flagged.length);
    expect(
      rows.map((row) => [row.asset_id, row.code, row.severity, row.date, row.job_id]).sort(),
    ).toEqual(flagged.map((a) => [a.assetId, a.code, a.severity, a.date, jobId]).sort());

    // A replay of the whole log re-detects every anomaly under the replay's job id.
    const replayed = await runCli(
      'src/cli/replay.ts',
      ['--from', '2000-01-01'],
      cliEnv(fixture),
      120_000,
    );
    expect(replayed.code, replayed.stderr).toBe(0);
    const replayJob = jobIdIn(replayed.stdout);
    const afterReplay = await rowsWhen((found) => found.every((row) => row.job_id === replayJob));
    expect(afterReplay.map((row) => row.anomaly_key)).toEqual(rows.map((row) => row.anomaly_key));

    // The first job's events delivered again (older than the replay's) change no row; a marker
    // event behind them on each asset's partition shows they were consumed.
    const markers = ['005930', 'BTC/KRW'].map((assetId) => ({
      ...flagged[0],
      eventId: randomUUID(),
      assetId,
      code: 'marker',
      date: '2026-02-01',
      detectedAt: Date.now(),
    })) as Anomaly[];
    await fixture.publisher.publish(
      'flagged',
      [...flagged, ...markers].map((anomaly) => ({ key: anomaly.assetId, value: anomaly })),
    );
    const final = await rowsWhen(
      (found) => found.filter((row) => row.code === 'marker').length === 2,
    );
    expect(final.filter((row) => row.code !== 'marker')).toEqual(afterReplay);
  });
});
