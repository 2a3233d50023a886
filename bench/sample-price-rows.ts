import type { Asset } from '../src/catalog/assets.js';
import { createSampleAdapter } from '../src/stages/fetch/sources/sample-adapter.js';
import type { PriceRow } from '../src/stages/store/price-row.js';

/**
 * The `price_daily` rows the sample source gives for the assets over a window, as the pipeline
 * would store them: for benchmark baselines and for tests that need a stored backfill.
 */
export async function samplePriceRows(
  assets: readonly Asset[],
  start: string,
  end: string,
): Promise<PriceRow[]> {
  const sample = createSampleAdapter();
  const rows: PriceRow[] = [];
  for (const asset of assets) {
    const { bars } = await sample.fetchDaily({ asset, start, end });
    for (const bar of bars) {
      rows.push({
        asset_id: asset.id,
        date: bar.date,
        source: 'sample',
        open: bar.open as number,
        high: bar.high as number,
        low: bar.low as number,
        close: bar.close as number,
        volume: bar.volume,
        flags: bar.halted ? ['trading_halt'] : [],
      });
    }
  }
  return rows;
}
