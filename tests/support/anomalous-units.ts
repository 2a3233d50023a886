import type { RawUnit } from '../../src/contracts/events.js';
import { barClosingAt } from './bars.js';
import { rawUnit } from './pipeline-fixture.js';

/**
 * Two raw units of one job carrying every kind of anomaly the validator reports: on 005930 a
 * spike (2026-02-03, +50 %) and its reversal (2026-02-05), a rejected bar (2026-02-04, high below
 * low) and a missing session (2026-02-06); on BTC/KRW a missing day (2026-02-08). Five flagged
 * events in all.
 */
export function anomalousUnits(jobId: string): RawUnit[] {
  return [
    rawUnit({
      jobId,
      windowStart: '2026-02-02',
      windowEnd: '2026-02-06',
      bars: [
        barClosingAt('2026-02-02', 100),
        barClosingAt('2026-02-03', 150),
        barClosingAt('2026-02-04', 100, { high: 1, low: 150 }),
        barClosingAt('2026-02-05', 100),
      ],
    }),
    rawUnit({
      jobId,
      assetId: 'BTC/KRW',
      market: 'CRYPTO',
      category: 'crypto',
      unitId: 'BTC/KRW|sample|2026-02-07|2026-02-09',
      windowStart: '2026-02-07',
      windowEnd: '2026-02-09',
      bars: [barClosingAt('2026-02-07', 90_000_000), barClosingAt('2026-02-09', 91_000_000)],
    }),
  ];
}
