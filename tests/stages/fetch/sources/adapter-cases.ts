import { afterAll, beforeAll } from 'vitest';
import type { Asset } from '../../../../src/catalog/assets.js';
import type { RawBar } from '../../../../src/contracts/events.js';
import type {
  FetchResult,
  SourceAdapter,
} from '../../../../src/stages/fetch/sources/source-adapter.js';
import { type LocalServer, startLocalServer } from '../../../support/local-server.js';

/** The local server of a file's adapter tests: started before them, closed after them. */
export function localServerForFile(): LocalServer {
  let started: LocalServer | undefined;
  beforeAll(async () => {
    started = await startLocalServer();
  });
  afterAll(() => started?.close());
  const running = () => {
    if (started === undefined) throw new Error('the local server starts before the tests');
    return started;
  };
  return {
    get baseUrl() {
      return running().baseUrl;
    },
    get requests() {
      return running().requests;
    },
    handle: (handler) => running().handle(handler),
    close: () => running().close(),
  };
}

/** What the adapter answers for `asset` over the window from `start` to `end`, both included. */
export function fetchWindow(
  adapter: SourceAdapter,
  asset: Asset,
  start: string,
  end: string,
): Promise<FetchResult> {
  return adapter.fetchDaily({ asset, start, end });
}

type Price = number | null;

/** An expected bar as one row: date, open, high, low, close, volume; not halted unless said. */
export function barRow(
  date: string,
  open: Price,
  high: Price,
  low: Price,
  close: Price,
  volume: number | null,
  halted = false,
): RawBar {
  return { date, open, high, low, close, volume, halted };
}
