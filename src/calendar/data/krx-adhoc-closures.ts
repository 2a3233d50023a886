import type { IsoDate } from '../iso-date.js';

/**
 * Closures of the Korea Exchange that no holiday rule predicts: election days, temporary
 * holidays the government designates, and the exchange's own irregular closures. The rules in
 * `krx-closures.ts` give everything else (public and substitute holidays, May 1, the year-end
 * day). Add a date as soon as it is announced; until then the calendar expects a session.
 *
 * Elections are listed once their date is fixed by law or announced; weekend dates are harmless
 * (the calendar only looks at weekdays).
 */
export const KRX_ADHOC_CLOSURES: Readonly<Record<IsoDate, string>> = {
  '2000-01-03': 'new-year closure',
  '2000-04-13': 'National Assembly election',
  '2000-12-27': 'year-end closure (three days that year)',
  '2000-12-28': 'year-end closure (three days that year)',
  '2002-06-13': 'local elections',
  '2002-07-01': 'temporary holiday (World Cup)',
  '2002-12-19': 'presidential election',
  '2004-04-15': 'National Assembly election',
  '2006-05-31': 'local elections',
  '2007-12-19': 'presidential election',
  '2008-04-09': 'National Assembly election',
  '2010-06-02': 'local elections',
  '2012-04-11': 'National Assembly election',
  '2012-12-19': 'presidential election',
  '2014-06-04': 'local elections',
  '2015-08-14': 'temporary holiday (70th Liberation Day)',
  '2016-04-13': 'National Assembly election',
  '2016-05-06': 'temporary holiday',
  '2017-05-09': 'presidential election',
  '2017-10-02': 'temporary holiday',
  '2018-06-13': 'local elections',
  '2020-04-15': 'National Assembly election',
  '2020-08-17': 'temporary holiday',
  '2022-03-09': 'presidential election',
  '2022-06-01': 'local elections',
  '2023-10-02': 'temporary holiday',
  '2024-04-10': 'National Assembly election',
  '2024-10-01': 'temporary holiday (Armed Forces Day)',
  '2025-01-27': 'temporary holiday',
  '2025-06-03': 'presidential election',
  '2026-06-03': 'local elections',
  // Fixed by the Public Official Election Act: the first Wednesday from the 50th day before the
  // 22nd National Assembly's term ends (2028-05-29).
  '2028-04-12': 'National Assembly election',
};
