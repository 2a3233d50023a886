import { z } from 'zod';
import type { RawBar } from '../../../contracts/events.js';
import type { HttpClient } from './http-client.js';
import { oneCallAdapter } from './one-call-adapter.js';
import { parseJsonBody } from './response-body.js';
import type { SourceAdapter } from './source-adapter.js';
import { barDate, toCompactDate } from './source-dates.js';

const rowSchema = z
  .tuple([z.string().regex(/^\d{8}$/), z.number(), z.number(), z.number(), z.number(), z.number()])
  .rest(z.unknown());
const bodySchema = z.tuple([z.array(z.unknown())]).rest(rowSchema);

/** One pass over the text: double-quoted strings, single-quoted strings, commas before `]`. */
const LITERAL_TOKENS = /"(?:[^"\\]|\\.)*"|'((?:[^'\\]|\\.)*)'|,(?=\s*\])/g;

/**
 * Naver `GET /siseJson.naver?symbol=005930&requestType=1&startTime=YYYYMMDD&endTime=YYYYMMDD
 * &timeframe=day` answers a JavaScript list literal, not JSON:
 *
 * ```
 *  [['<date>', '<open>', '<high>', '<low>', '<close>', '<volume>', '<foreign %>'],
 * <tabs>
 * ["20221102", 59700, 60000, 59300, 59600, 13202919, 49.84],
 * <tabs>
 * ["20221104", 59100, 59500, 58400, 59400, 12445841, 49.84],
 * ]
 * ```
 *
 * The header row is single-quoted (Korean names, not relied on: fields are read by position);
 * the trailing comma before `]` comes and goes. Rows are oldest first, both ends inclusive. A
 * trading-halt day is open = high = low = 0 with volume 0 and the close carried over: it becomes
 * a flat bar at the close, marked halted. The literal is made JSON (single-quoted strings
 * re-quoted, trailing commas dropped) and parsed, never evaluated.
 */
function parseSiseJson(body: string): RawBar[] {
  const json = body.replace(LITERAL_TOKENS, (token, singleQuoted: string | undefined) => {
    if (token === ',') return '';
    if (singleQuoted === undefined) return token;
    return JSON.stringify(singleQuoted.replaceAll("\\'", "'"));
  });
  const [, ...rows] = parseJsonBody('naver', json, bodySchema);
  return rows.map(([date, open, high, low, close, volume]) => {
    const halted = open === 0 && high === 0 && low === 0 && volume === 0;
    return halted
      ? { date: barDate(date), open: close, high: close, low: close, close, volume, halted }
      : { date: barDate(date), open, high, low, close, volume, halted };
  });
}

/** Korean stocks, ETFs and indices (KOSPI) from Naver Finance's chart data. */
export function createNaverAdapter(options: { baseUrl: string; http: HttpClient }): SourceAdapter {
  const { baseUrl, http } = options;
  return oneCallAdapter('naver', http, {
    url: ({ asset, start, end }) => {
      const query = new URLSearchParams({
        symbol: asset.sourceSymbol,
        requestType: '1',
        startTime: toCompactDate(start),
        endTime: toCompactDate(end),
        timeframe: 'day',
      });
      return `${baseUrl}/siseJson.naver?${query}`;
    },
    parse: (reply) => ({ bars: parseSiseJson(reply.body) }),
  });
}
