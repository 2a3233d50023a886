import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/settings.js';
import {
  type EmbeddedPipeline,
  startEmbeddedPipeline,
} from '../../src/embedded/embedded-pipeline.js';
import { anomalousUnits } from '../support/anomalous-units.js';
import { testLogger } from '../support/integration.js';

const ANOMALIES = `SELECT anomaly_key, asset_id, date, source, code, severity, message, value, job_id, unit_id
                     FROM anomaly ORDER BY anomaly_key`;

// Embedded mode needs no service: PGlite and the in-process bus run inside the test.
describe('anomaly table in embedded mode (PGlite, in-process topics)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'anomalies-'));
  let pipeline: EmbeddedPipeline;
  let time = Date.parse('2026-11-26T00:00:00Z');

  beforeAll(async () => {
    pipeline = await startEmbeddedPipeline({
      settings: loadSettings({ EMBEDDED_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      logger: testLogger('anomalies'),
      // A clock that moves, so each detection is later than the one before.
      clock: { now: () => (time += 1_000) },
    });
  }, 180_000);

  afterAll(async () => {
    await pipeline?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds exactly the flagged events of a job, and a re-run or redelivery adds none', {
    timeout: 60_000,
  }, async () => {
    const first = randomUUID();
    await pipeline.bus.publisher.publish(
      'raw',
      anomalousUnits(first).map((unit) => ({ key: unit.assetId, value: unit })),
    );
    await pipeline.settle();

    const flagged = (await pipeline.bus.events('flagged')).filter((a) => a.jobId === first);
    expect(flagged.map((a) => [a.assetId, a.code, a.severity, a.date]).sort()).toEqual([
      ['005930', 'high_below_low', 'rejected', '2026-02-04'],
      ['005930', 'missing_session', 'warning', '2026-02-06'],
      ['005930', 'price_spike', 'warning', '2026-02-03'],
      ['005930', 'price_spike', 'warning', '2026-02-05'],
      ['BTC/KRW', 'missing_session', 'warning', '2026-02-08'],
    ]);
    const rows = await pipeline.db.any(ANOMALIES);
    expect(
      rows.map((row) => [row.asset_id, row.code, row.severity, row.date, row.job_id]).sort(),
    ).toEqual(flagged.map((a) => [a.assetId, a.code, a.severity, a.date, first]).sort());
    expect(rows.find((row) => row.date === '2026-02-03')?.value).toBeCloseTo(0.5, 5);

    // The same range again under a new job id, as a replay does: the rows move to the new job.
    const second = randomUUID();
    await pipeline.bus.publisher.publish(
      'raw',
      anomalousUnits(second).map((unit) => ({ key: unit.assetId, value: unit })),
    );
    await pipeline.settle();
    const again = await pipeline.db.any(ANOMALIES);
    expect(again).toHaveLength(rows.length);
    expect(new Set(again.map((row) => row.job_id))).toEqual(new Set([second]));

    // A redelivery of the first job's (older) events changes nothing.
    await pipeline.bus.publisher.publish(
      'flagged',
      flagged.map((anomaly) => ({ key: anomaly.assetId, value: anomaly })),
    );
    await pipeline.settle();
    expect(await pipeline.db.any(ANOMALIES)).toEqual(again);
  });
});
