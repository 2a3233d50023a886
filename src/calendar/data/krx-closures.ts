import type { IsoDate } from '../iso-date.js';

/**
 * Weekday closures of the Korea Exchange (XKRX), by year. Weekends are always closed and are
 * not listed. A year present here is complete: the KRX calendar's coverage is exactly these
 * years, and every weekday of a covered year not listed is a trading day.
 *
 * Sources:
 * - 2000-2024: the precomputed XKRX holidays of the open-source `exchange_calendars` project
 *   (github.com/gerrymanoim/exchange_calendars, `exchange_calendars/xkrx_holidays.py`), whose
 *   ad-hoc closures are copied from the exchange's own holiday page
 *   (global.krx.co.kr/contents/GLB/05/0501/0501110000/GLB0501110000.jsp). Each year was checked
 *   against the holiday rules and the lunar dates (tests/calendar/krx-calendar.unit.test.ts).
 * - 2025-2026: KRX's published holiday notices for each year, plus the closures announced
 *   during the year (2025-01-27 temporary holiday, 2025-06-03 presidential election; 2026-07-17
 *   Constitution Day, reinstated as a public holiday by the 2026 amendment of the Public
 *   Holidays Act), cross-checked with the same project's XKRX rules and samples.
 *
 * Rules behind the lists, for whoever adds a year (see docs/calendars.md):
 * - Public holidays: Jan 1; Seollal (lunar 1/1, with the day before and after); Mar 1;
 *   Children's Day May 5; Buddha's Birthday (lunar 4/8); Memorial Day Jun 6; Liberation Day
 *   Aug 15; Chuseok (lunar 8/15, with the day before and after); National Foundation Day Oct 3;
 *   Hangul Day Oct 9 (again since 2013); Christmas. Until 2005 also Arbor Day Apr 5, until
 *   2007 and again from 2026 Constitution Day Jul 17.
 * - Substitute holidays: Seollal/Chuseok on a Sunday or another holiday and Children's Day on
 *   a weekend or another holiday since 2014; Mar 1, Aug 15, Oct 3, Oct 9 on a weekend since
 *   Aug 2021; Buddha's Birthday and Christmas since May 2023.
 * - Exchange-only: Labor Day May 1; the year-end closure on the last weekday of the year.
 * - Ad hoc: election days and temporary holidays designated by the government.
 */
export const KRX_CLOSURES: Readonly<Record<number, readonly IsoDate[]>> = {
  2000: [
    '2000-01-03', // new-year closure
    '2000-02-04', // Seollal
    '2000-03-01', // Independence Movement Day
    '2000-04-05', // Arbor Day
    '2000-04-13', // National Assembly election
    '2000-05-01', // Labor Day
    '2000-05-05', // Children's Day
    '2000-05-11', // Buddha's Birthday
    '2000-06-06', // Memorial Day
    '2000-07-17', // Constitution Day
    '2000-08-15', // Liberation Day
    '2000-09-11', // Chuseok
    '2000-09-12', // Chuseok
    '2000-09-13', // Chuseok
    '2000-10-03', // National Foundation Day
    '2000-12-25', // Christmas
    '2000-12-27', // year-end closure (three days that year; source only, not cross-checked)
    '2000-12-28', // year-end closure
    '2000-12-29', // year-end closure
  ],
  2001: [
    '2001-01-01', // New Year's Day
    '2001-01-23', // Seollal
    '2001-01-24', // Seollal
    '2001-01-25', // Seollal
    '2001-03-01', // Independence Movement Day
    '2001-04-05', // Arbor Day
    '2001-05-01', // Labor Day, Buddha's Birthday
    '2001-06-06', // Memorial Day
    '2001-07-17', // Constitution Day
    '2001-08-15', // Liberation Day
    '2001-10-01', // Chuseok
    '2001-10-02', // Chuseok
    '2001-10-03', // National Foundation Day
    '2001-12-25', // Christmas
    '2001-12-31', // year-end closure
  ],
  2002: [
    '2002-01-01', // New Year's Day
    '2002-02-11', // Seollal
    '2002-02-12', // Seollal
    '2002-02-13', // Seollal
    '2002-03-01', // Independence Movement Day
    '2002-04-05', // Arbor Day
    '2002-05-01', // Labor Day
    '2002-06-06', // Memorial Day
    '2002-06-13', // local elections
    '2002-07-01', // temporary holiday (World Cup)
    '2002-07-17', // Constitution Day
    '2002-08-15', // Liberation Day
    '2002-09-20', // Chuseok
    '2002-10-03', // National Foundation Day
    '2002-12-19', // presidential election
    '2002-12-25', // Christmas
    '2002-12-31', // year-end closure
  ],
  2003: [
    '2003-01-01', // New Year's Day
    '2003-01-31', // Seollal
    '2003-05-01', // Labor Day
    '2003-05-05', // Children's Day
    '2003-05-08', // Buddha's Birthday
    '2003-06-06', // Memorial Day
    '2003-07-17', // Constitution Day
    '2003-08-15', // Liberation Day
    '2003-09-10', // Chuseok
    '2003-09-11', // Chuseok
    '2003-09-12', // Chuseok
    '2003-10-03', // National Foundation Day
    '2003-12-25', // Christmas
    '2003-12-31', // year-end closure
  ],
  2004: [
    '2004-01-01', // New Year's Day
    '2004-01-21', // Seollal
    '2004-01-22', // Seollal
    '2004-01-23', // Seollal
    '2004-03-01', // Independence Movement Day
    '2004-04-05', // Arbor Day
    '2004-04-15', // National Assembly election
    '2004-05-05', // Children's Day
    '2004-05-26', // Buddha's Birthday
    '2004-09-27', // Chuseok
    '2004-09-28', // Chuseok
    '2004-09-29', // Chuseok
    '2004-12-31', // year-end closure
  ],
  2005: [
    '2005-02-08', // Seollal
    '2005-02-09', // Seollal
    '2005-02-10', // Seollal
    '2005-03-01', // Independence Movement Day
    '2005-04-05', // Arbor Day (last year as a holiday)
    '2005-05-05', // Children's Day
    '2005-06-06', // Memorial Day
    '2005-08-15', // Liberation Day
    '2005-09-19', // Chuseok
    '2005-10-03', // National Foundation Day
    '2005-12-30', // year-end closure
  ],
  2006: [
    '2006-01-30', // Seollal
    '2006-03-01', // Independence Movement Day
    '2006-05-01', // Labor Day
    '2006-05-05', // Children's Day, Buddha's Birthday
    '2006-05-31', // local elections
    '2006-06-06', // Memorial Day
    '2006-07-17', // Constitution Day
    '2006-08-15', // Liberation Day
    '2006-10-03', // National Foundation Day
    '2006-10-05', // Chuseok
    '2006-10-06', // Chuseok
    '2006-12-25', // Christmas
    '2006-12-29', // year-end closure
  ],
  2007: [
    '2007-01-01', // New Year's Day
    '2007-02-19', // Seollal
    '2007-03-01', // Independence Movement Day
    '2007-05-01', // Labor Day
    '2007-05-24', // Buddha's Birthday
    '2007-06-06', // Memorial Day
    '2007-07-17', // Constitution Day (last year as a holiday until 2026)
    '2007-08-15', // Liberation Day
    '2007-09-24', // Chuseok
    '2007-09-25', // Chuseok
    '2007-09-26', // Chuseok
    '2007-10-03', // National Foundation Day
    '2007-12-19', // presidential election
    '2007-12-25', // Christmas
    '2007-12-31', // year-end closure
  ],
  2008: [
    '2008-01-01', // New Year's Day
    '2008-02-06', // Seollal
    '2008-02-07', // Seollal
    '2008-02-08', // Seollal
    '2008-04-09', // National Assembly election
    '2008-05-01', // Labor Day
    '2008-05-05', // Children's Day
    '2008-05-12', // Buddha's Birthday
    '2008-06-06', // Memorial Day
    '2008-08-15', // Liberation Day
    '2008-09-15', // Chuseok
    '2008-10-03', // National Foundation Day
    '2008-12-25', // Christmas
    '2008-12-31', // year-end closure
  ],
  2009: [
    '2009-01-01', // New Year's Day
    '2009-01-26', // Seollal
    '2009-01-27', // Seollal
    '2009-05-01', // Labor Day
    '2009-05-05', // Children's Day
    '2009-10-02', // Chuseok
    '2009-12-25', // Christmas
    '2009-12-31', // year-end closure
  ],
  2010: [
    '2010-01-01', // New Year's Day
    '2010-02-15', // Seollal
    '2010-03-01', // Independence Movement Day
    '2010-05-05', // Children's Day
    '2010-05-21', // Buddha's Birthday
    '2010-06-02', // local elections
    '2010-09-21', // Chuseok
    '2010-09-22', // Chuseok
    '2010-09-23', // Chuseok
    '2010-12-31', // year-end closure
  ],
  2011: [
    '2011-02-02', // Seollal
    '2011-02-03', // Seollal
    '2011-02-04', // Seollal
    '2011-03-01', // Independence Movement Day
    '2011-05-05', // Children's Day
    '2011-05-10', // Buddha's Birthday
    '2011-06-06', // Memorial Day
    '2011-08-15', // Liberation Day
    '2011-09-12', // Chuseok
    '2011-09-13', // Chuseok
    '2011-10-03', // National Foundation Day
    '2011-12-30', // year-end closure (Dec 31 is a Saturday)
  ],
  2012: [
    '2012-01-23', // Seollal
    '2012-01-24', // Seollal
    '2012-03-01', // Independence Movement Day
    '2012-04-11', // National Assembly election
    '2012-05-01', // Labor Day
    '2012-05-28', // Buddha's Birthday
    '2012-06-06', // Memorial Day
    '2012-08-15', // Liberation Day
    '2012-10-01', // Chuseok
    '2012-10-03', // National Foundation Day
    '2012-12-19', // presidential election
    '2012-12-25', // Christmas
    '2012-12-31', // year-end closure
  ],
  2013: [
    '2013-01-01', // New Year's Day
    '2013-02-11', // Seollal
    '2013-03-01', // Independence Movement Day
    '2013-05-01', // Labor Day
    '2013-05-17', // Buddha's Birthday
    '2013-06-06', // Memorial Day
    '2013-08-15', // Liberation Day
    '2013-09-18', // Chuseok
    '2013-09-19', // Chuseok
    '2013-09-20', // Chuseok
    '2013-10-03', // National Foundation Day
    '2013-10-09', // Hangul Day (a holiday again from this year)
    '2013-12-25', // Christmas
    '2013-12-31', // year-end closure
  ],
  2014: [
    '2014-01-01', // New Year's Day
    '2014-01-30', // Seollal
    '2014-01-31', // Seollal
    '2014-05-01', // Labor Day
    '2014-05-05', // Children's Day
    '2014-05-06', // Buddha's Birthday
    '2014-06-04', // local elections
    '2014-06-06', // Memorial Day
    '2014-08-15', // Liberation Day
    '2014-09-08', // Chuseok
    '2014-09-09', // Chuseok
    '2014-09-10', // Chuseok substitute holiday
    '2014-10-03', // National Foundation Day
    '2014-10-09', // Hangul Day
    '2014-12-25', // Christmas
    '2014-12-31', // year-end closure
  ],
  2015: [
    '2015-01-01', // New Year's Day
    '2015-02-18', // Seollal
    '2015-02-19', // Seollal
    '2015-02-20', // Seollal
    '2015-05-01', // Labor Day
    '2015-05-05', // Children's Day
    '2015-05-25', // Buddha's Birthday
    '2015-08-14', // temporary holiday (70th Liberation anniversary)
    '2015-09-28', // Chuseok
    '2015-09-29', // Chuseok substitute holiday
    '2015-10-09', // Hangul Day
    '2015-12-25', // Christmas
    '2015-12-31', // year-end closure
  ],
  2016: [
    '2016-01-01', // New Year's Day
    '2016-02-08', // Seollal
    '2016-02-09', // Seollal
    '2016-02-10', // Seollal substitute holiday
    '2016-03-01', // Independence Movement Day
    '2016-04-13', // National Assembly election
    '2016-05-05', // Children's Day
    '2016-05-06', // temporary holiday
    '2016-06-06', // Memorial Day
    '2016-08-15', // Liberation Day
    '2016-09-14', // Chuseok
    '2016-09-15', // Chuseok
    '2016-09-16', // Chuseok
    '2016-10-03', // National Foundation Day
    '2016-12-30', // year-end closure (Dec 31 is a Saturday)
  ],
  2017: [
    '2017-01-27', // Seollal
    '2017-01-30', // Seollal substitute holiday
    '2017-03-01', // Independence Movement Day
    '2017-05-01', // Labor Day
    '2017-05-03', // Buddha's Birthday
    '2017-05-05', // Children's Day
    '2017-05-09', // presidential election
    '2017-06-06', // Memorial Day
    '2017-08-15', // Liberation Day
    '2017-10-02', // temporary holiday
    '2017-10-03', // National Foundation Day
    '2017-10-04', // Chuseok
    '2017-10-05', // Chuseok
    '2017-10-06', // Chuseok substitute holiday
    '2017-10-09', // Hangul Day
    '2017-12-25', // Christmas
    '2017-12-29', // year-end closure (Dec 31 is a Sunday)
  ],
  2018: [
    '2018-01-01', // New Year's Day
    '2018-02-15', // Seollal
    '2018-02-16', // Seollal
    '2018-03-01', // Independence Movement Day
    '2018-05-01', // Labor Day
    '2018-05-07', // Children's Day substitute holiday
    '2018-05-22', // Buddha's Birthday
    '2018-06-06', // Memorial Day
    '2018-06-13', // local elections
    '2018-08-15', // Liberation Day
    '2018-09-24', // Chuseok
    '2018-09-25', // Chuseok
    '2018-09-26', // Chuseok substitute holiday
    '2018-10-03', // National Foundation Day
    '2018-10-09', // Hangul Day
    '2018-12-25', // Christmas
    '2018-12-31', // year-end closure
  ],
  2019: [
    '2019-01-01', // New Year's Day
    '2019-02-04', // Seollal
    '2019-02-05', // Seollal
    '2019-02-06', // Seollal
    '2019-03-01', // Independence Movement Day
    '2019-05-01', // Labor Day
    '2019-05-06', // Children's Day substitute holiday
    '2019-06-06', // Memorial Day
    '2019-08-15', // Liberation Day
    '2019-09-12', // Chuseok
    '2019-09-13', // Chuseok
    '2019-10-03', // National Foundation Day
    '2019-10-09', // Hangul Day
    '2019-12-25', // Christmas
    '2019-12-31', // year-end closure
  ],
  2020: [
    '2020-01-01', // New Year's Day
    '2020-01-24', // Seollal
    '2020-01-27', // Seollal substitute holiday
    '2020-04-15', // National Assembly election
    '2020-04-30', // Buddha's Birthday
    '2020-05-01', // Labor Day
    '2020-05-05', // Children's Day
    '2020-08-17', // temporary holiday
    '2020-09-30', // Chuseok
    '2020-10-01', // Chuseok
    '2020-10-02', // Chuseok
    '2020-10-09', // Hangul Day
    '2020-12-25', // Christmas
    '2020-12-31', // year-end closure
  ],
  2021: [
    '2021-01-01', // New Year's Day
    '2021-02-11', // Seollal
    '2021-02-12', // Seollal
    '2021-03-01', // Independence Movement Day
    '2021-05-05', // Children's Day
    '2021-05-19', // Buddha's Birthday
    '2021-08-16', // Liberation Day substitute holiday
    '2021-09-20', // Chuseok
    '2021-09-21', // Chuseok
    '2021-09-22', // Chuseok
    '2021-10-04', // National Foundation Day substitute holiday
    '2021-10-11', // Hangul Day substitute holiday
    '2021-12-31', // year-end closure
  ],
  2022: [
    '2022-01-31', // Seollal
    '2022-02-01', // Seollal
    '2022-02-02', // Seollal
    '2022-03-01', // Independence Movement Day
    '2022-03-09', // presidential election
    '2022-05-05', // Children's Day
    '2022-06-01', // local elections
    '2022-06-06', // Memorial Day
    '2022-08-15', // Liberation Day
    '2022-09-09', // Chuseok
    '2022-09-12', // Chuseok substitute holiday
    '2022-10-03', // National Foundation Day
    '2022-10-10', // Hangul Day substitute holiday
    '2022-12-30', // year-end closure (Dec 31 is a Saturday)
  ],
  2023: [
    '2023-01-23', // Seollal
    '2023-01-24', // Seollal substitute holiday
    '2023-03-01', // Independence Movement Day
    '2023-05-01', // Labor Day
    '2023-05-05', // Children's Day
    '2023-05-29', // Buddha's Birthday substitute holiday
    '2023-06-06', // Memorial Day
    '2023-08-15', // Liberation Day
    '2023-09-28', // Chuseok
    '2023-09-29', // Chuseok
    '2023-10-02', // temporary holiday
    '2023-10-03', // National Foundation Day
    '2023-10-09', // Hangul Day
    '2023-12-25', // Christmas
    '2023-12-29', // year-end closure (Dec 31 is a Sunday)
  ],
  2024: [
    '2024-01-01', // New Year's Day
    '2024-02-09', // Seollal
    '2024-02-12', // Seollal substitute holiday
    '2024-03-01', // Independence Movement Day
    '2024-04-10', // National Assembly election
    '2024-05-01', // Labor Day
    '2024-05-06', // Children's Day substitute holiday
    '2024-05-15', // Buddha's Birthday
    '2024-06-06', // Memorial Day
    '2024-08-15', // Liberation Day
    '2024-09-16', // Chuseok
    '2024-09-17', // Chuseok
    '2024-09-18', // Chuseok
    '2024-10-01', // temporary holiday (Armed Forces Day)
    '2024-10-03', // National Foundation Day
    '2024-10-09', // Hangul Day
    '2024-12-25', // Christmas
    '2024-12-31', // year-end closure
  ],
  2025: [
    '2025-01-01', // New Year's Day
    '2025-01-27', // temporary holiday
    '2025-01-28', // Seollal
    '2025-01-29', // Seollal
    '2025-01-30', // Seollal
    '2025-03-03', // Independence Movement Day substitute holiday
    '2025-05-01', // Labor Day
    '2025-05-05', // Children's Day, Buddha's Birthday
    '2025-05-06', // substitute holiday
    '2025-06-03', // presidential election
    '2025-06-06', // Memorial Day
    '2025-08-15', // Liberation Day
    '2025-10-03', // National Foundation Day
    '2025-10-06', // Chuseok
    '2025-10-07', // Chuseok
    '2025-10-08', // Chuseok substitute holiday
    '2025-10-09', // Hangul Day
    '2025-12-25', // Christmas
    '2025-12-31', // year-end closure
  ],
  2026: [
    '2026-01-01', // New Year's Day
    '2026-02-16', // Seollal
    '2026-02-17', // Seollal
    '2026-02-18', // Seollal
    '2026-03-02', // Independence Movement Day substitute holiday
    '2026-05-01', // Labor Day (a public holiday from this year)
    '2026-05-05', // Children's Day
    '2026-05-25', // Buddha's Birthday substitute holiday
    '2026-06-03', // local elections
    '2026-07-17', // Constitution Day (reinstated; not in KRX's first 2026 notice)
    '2026-08-17', // Liberation Day substitute holiday
    '2026-09-24', // Chuseok
    '2026-09-25', // Chuseok
    '2026-10-05', // National Foundation Day substitute holiday
    '2026-10-09', // Hangul Day
    '2026-12-25', // Christmas
    '2026-12-31', // year-end closure
  ],
};
