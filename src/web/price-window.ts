import { addDays, type IsoDate } from '../calendar/iso-date.js';

export const RANGES = ['1M', '1Y', '5Y', 'all'] as const;
export type RangeName = (typeof RANGES)[number];

const RANGE_DAYS: Record<Exclude<RangeName, 'all'>, number> = { '1M': 31, '1Y': 365, '5Y': 1826 };

/**
 * The dates to show: `from`/`to` when given; otherwise the range named, counted back from the
 * latest stored bar (not from today, so an asset that stopped trading still shows its last
 * year). `all` starts at the earliest date PostgreSQL's `date` type has in common use.
 */
export function priceWindow(
  latest: IsoDate | undefined,
  query: { from?: IsoDate | undefined; to?: IsoDate | undefined; range?: string | undefined },
  fallback: RangeName,
): { from: IsoDate; to: IsoDate; range: RangeName | undefined } {
  const end = query.to ?? latest ?? '9999-12-31';
  if (query.from !== undefined) return { from: query.from, to: end, range: undefined };
  const range = (query.range as RangeName | undefined) ?? fallback;
  if (range === 'all' || latest === undefined) return { from: '0001-01-01', to: end, range };
  return { from: addDays(end, -RANGE_DAYS[range]), to: end, range };
}
