import { randomUUID } from 'node:crypto';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { loadSettings } from '../../src/config/settings.js';
import type { Database } from '../../src/db/database.js';
import { startEmbeddedPipeline } from '../../src/embedded/embedded-pipeline.js';
import { AppError } from '../../src/errors.js';
import { systemClock } from '../../src/ports/clock.js';
import { createFetcher } from '../../src/stages/fetch/fetcher.js';
import { planUnits } from '../../src/stages/fetch/plan-units.js';
import { createSampleAdapter } from '../../src/stages/fetch/sources/sample-adapter.js';
import type { SourceAdapter } from '../../src/stages/fetch/sources/source-adapter.js';
import { createTestDatabase, testLogger } from '../support/integration.js';

export const WINDOW = { start: '2024-01-01', end: '2024-12-31' } as const;
/** The day whose bar is planted 60 % above the path: flagged price_spike by the validator. */
export const SPIKE = { assetId: '005930', date: '2024-06-03' } as const;
/** The asset whose unit fails, and the source error text (markup that must stay text). */
export const FAILING = {
  assetId: 'GC=F',
  error: 'upstream answered <script>alert(1)</script> instead of candles',
} as const;
/** The instant the server judges freshness at: every session of the window is due, none after. */
export const NOW = new Date('2025-01-01T12:00:00Z');

export interface WebFixture {
  db: Database;
  jobId: string;
  close(): Promise<void>;
}

/**
 * A database of its own on the test server, filled by a real sample job through the embedded
 * pipeline (fetcher, validator, sink, tracker): six assets from the sample source, one with a
 * planted spike, and the seventh from a source that fails with markup in its error text.
 */
export async function createWebFixture(adminUrl: string): Promise<WebFixture> {
  const database = await createTestDatabase(adminUrl);
  const logger = testLogger('web-test');
  const settings = loadSettings({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
  const pipeline = await startEmbeddedPipeline({ settings, logger });
  try {
    const sample = createSampleAdapter();
    const spiking: SourceAdapter = {
      name: 'sample',
      async fetchDaily(request) {
        const result = await sample.fetchDaily(request);
        const bars = result.bars.map((bar) =>
          request.asset.id === SPIKE.assetId && bar.date === SPIKE.date
            ? {
                ...bar,
                open: (bar.open ?? 0) * 1.6,
                high: (bar.high ?? 0) * 1.6,
                low: (bar.low ?? 0) * 1.6,
                close: (bar.close ?? 0) * 1.6,
              }
            : bar,
        );
        return { ...result, bars };
      },
    };
    const failing: SourceAdapter = {
      name: 'yahoo',
      async fetchDaily() {
        throw new AppError('SOURCE_BAD_RESPONSE', FAILING.error, { retryable: false, attempts: 1 });
      },
    };
    const jobId = randomUUID();
    const units = [
      ...planUnits({
        assets: DEFAULT_CATALOG.filter((asset) => asset.id !== FAILING.assetId),
        ...WINDOW,
        chunkDays: 366,
        source: 'sample',
      }),
      ...planUnits({
        assets: DEFAULT_CATALOG.filter((asset) => asset.id === FAILING.assetId),
        ...WINDOW,
        chunkDays: 366,
      }),
    ];
    await createFetcher({
      sources: { sample: spiking, yahoo: failing },
      publisher: pipeline.bus.publisher,
      clock: systemClock,
      newId: randomUUID,
      logger,
    }).run({ jobId, jobName: 'web-test', params: { ...WINDOW }, units });
    await pipeline.settle();
    return {
      db: pipeline.db,
      jobId,
      async close() {
        await pipeline.close();
        await database.drop();
      },
    };
  } catch (error) {
    await pipeline.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
    throw error;
  }
}
