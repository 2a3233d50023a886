import { addDays, type IsoDate, todayIn } from '../calendar/iso-date.js';

/** Seoul starts each day first of the catalog's markets: its date is the latest any market has. */
export const SCHEDULE_ZONE = 'Asia/Seoul';

/**
 * The window a daily run fetches: the last `days` days ending today in Asia/Seoul (never after
 * today, which produce refuses). Fetching a week every day lets a missed or failed day heal
 * itself on the next run; upserts make the overlap free.
 */
export function dailyWindow(now: Date, days: number): { start: IsoDate; end: IsoDate } {
  const end = todayIn(SCHEDULE_ZONE, now);
  return { start: addDays(end, -(days - 1)), end };
}

/** The day's log file name, `collect_YYYYMMDD.log`, by the run's date in Asia/Seoul. */
export function runLogName(now: Date): string {
  return `collect_${todayIn(SCHEDULE_ZONE, now).replaceAll('-', '')}.log`;
}
