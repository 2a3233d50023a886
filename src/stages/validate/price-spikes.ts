export interface Spike {
  date: string;
  /** close / previous close - 1 */
  change: number;
  previousClose: number;
}

/**
 * Close-to-close moves above the threshold, in date order. The first bar compares with the
 * latest stored close before it, when there is one.
 */
export function findSpikes(
  bars: readonly { date: string; close: number }[],
  threshold: number,
  previousClose: number | undefined,
): Spike[] {
  const spikes: Spike[] = [];
  let previous = previousClose;
  for (const bar of bars) {
    if (previous !== undefined && previous > 0) {
      const change = bar.close / previous - 1;
      // A limit move of exactly the threshold (KRX caps a day at 30%) computes as 0.30000000000000004.
      if (Math.abs(change) > threshold + 1e-9) {
        spikes.push({ date: bar.date, change, previousClose: previous });
      }
    }
    previous = bar.close;
  }
  return spikes;
}
