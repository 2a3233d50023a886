import type { SourceName } from '../../../catalog/assets.js';
import type { RawBar } from '../../../contracts/events.js';
import type { HttpClient, HttpReply } from './http-client.js';
import type { FetchRequest, Listing, SourceAdapter } from './source-adapter.js';
import { isInWindow } from './source-dates.js';

/** A reply's bars (the source may add days around the window) and what it tells of the symbol. */
export interface WindowReply {
  bars: RawBar[];
  listing?: Listing;
}

/** The one GET that answers a window: its URL, and how its reply is read. */
export interface WindowCall {
  url(request: FetchRequest): string;
  /** Runs inside the client's retries, so a garbled body is retried like a failed request. */
  parse(reply: HttpReply): WindowReply;
  /** Statuses besides 2xx whose body `parse` reads (e.g. a 404 naming an unknown symbol). */
  acceptStatuses?: readonly number[];
}

/** A source that answers a whole window in one GET; bars outside the window are dropped. */
export function oneCallAdapter(
  name: SourceName,
  http: HttpClient,
  call: WindowCall,
): SourceAdapter {
  return {
    name,
    async fetchDaily(request) {
      const { asset, start, end, signal } = request;
      const { value, attempts } = await http.getParsed(call.url(request), call.parse, {
        assetId: asset.id,
        signal,
        acceptStatuses: call.acceptStatuses,
      });
      return {
        bars: value.bars.filter((bar) => isInWindow(bar.date, start, end)),
        attempts,
        ...(value.listing === undefined ? {} : { listing: value.listing }),
      };
    },
  };
}
