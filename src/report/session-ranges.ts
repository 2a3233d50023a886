import type { IsoDate } from '../calendar/iso-date.js';

/** A run of consecutive sessions, `first` to `last` inclusive (the same date for one session). */
export interface SessionRange {
  first: IsoDate;
  last: IsoDate;
}

/**
 * Groups `dates` into runs of sessions that follow each other in `sessions` (the calendar's
 * ascending list of the period), so a Friday and the Monday after it are one run, and a gap
 * over a holiday is one run too. Dates not in `sessions` are ignored; order of `dates` does not
 * matter.
 */
export function compressSessions(
  dates: readonly IsoDate[],
  sessions: readonly IsoDate[],
): SessionRange[] {
  const position = new Map(sessions.map((date, index) => [date, index] as const));
  const indexes = [
    ...new Set(dates.map((date) => position.get(date)).filter((index) => index !== undefined)),
  ].sort((a, b) => a - b);
  const ranges: SessionRange[] = [];
  let start: number | undefined;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i] as number;
    start ??= index;
    const next = indexes[i + 1];
    if (next !== index + 1) {
      ranges.push({ first: sessions[start] as IsoDate, last: sessions[index] as IsoDate });
      start = undefined;
    }
  }
  return ranges;
}

/** `2024-01-02..2024-01-05` for a run, the date alone for one session. */
export function formatSessionRange(range: SessionRange): string {
  return range.first === range.last ? range.first : `${range.first}..${range.last}`;
}

/** The runs as a comma-separated list, e.g. `2024-01-02..2024-01-05, 2024-03-04`. */
export function formatSessionRanges(ranges: readonly SessionRange[]): string {
  return ranges.map(formatSessionRange).join(', ');
}
