import lunarModule from 'korean-lunar-calendar';
import { AppError } from '../errors.js';
import { type IsoDate, isoDate } from './iso-date.js';

/**
 * The last year whose lunar dates the conversion table knows: korean-lunar-calendar carries
 * the Korea Astronomy and Space Science Institute's table, which ends in 2050.
 */
export const KOREAN_LUNAR_LAST_YEAR = 2050;

// The package's types describe its CommonJS build, whose class sits under `default`; imported
// as ESM (its .mjs build), the default export is the class itself.
const KoreanLunarCalendar = (
  'default' in lunarModule ? lunarModule.default : lunarModule
) as typeof lunarModule.default;
const converter = new KoreanLunarCalendar();

/**
 * The solar date of a day of the Korean lunar calendar (KASI's, computed for 135°E, which can
 * differ by a day from the Chinese calendar's: lunar 1/1 of 2027 is Feb 7 in Korea, Feb 6 in
 * China). Only ordinary (non-leap) months: the holidays fall in them.
 */
export function koreanLunarToSolar(year: number, month: number, day: number): IsoDate {
  if (!converter.setLunarDate(year, month, day, false)) {
    throw new AppError(
      'ARGUMENT_INVALID',
      `lunar date ${year}/${month}/${day} is outside the Korean lunar table (1000-${KOREAN_LUNAR_LAST_YEAR})`,
    );
  }
  const solar = converter.getSolarCalendar();
  return isoDate(solar.year, solar.month, solar.day);
}
