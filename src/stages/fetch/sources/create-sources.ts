import type { SourceName } from '../../../catalog/assets.js';
import type { Settings } from '../../../config/settings.js';
import type { Logger } from '../../../logging/logger.js';
import { createCsvAdapter } from './csv-adapter.js';
import { createHttpClient } from './http-client.js';
import { createNaverAdapter } from './naver-adapter.js';
import { createSampleAdapter } from './sample-adapter.js';
import type { SourceAdapter } from './source-adapter.js';
import { createUpbitAdapter } from './upbit-adapter.js';
import { createYahooAdapter } from './yahoo-adapter.js';

export interface SourcesOptions {
  /** A CSV file or folder; without it there is no `csv` source. */
  csvPath?: string | undefined;
  /** The job's window: the CSV source holds only the rows inside it. */
  csvWindow?: { start: string; end: string } | undefined;
}

/**
 * Every configured source by name. The HTTP sources share the fetch limits of `settings.fetch`
 * and log under their own name; `csv` exists only when a path is given.
 */
export function createSources(
  settings: Settings,
  logger: Logger,
  options: SourcesOptions = {},
): Partial<Record<SourceName, SourceAdapter>> {
  const { naverBaseUrl, yahooBaseUrl, upbitBaseUrl } = settings.sources;
  const http = (source: SourceName) =>
    createHttpClient({ ...settings.fetch, logger: logger.child({ source }) });
  return {
    naver: createNaverAdapter({ baseUrl: naverBaseUrl, http: http('naver') }),
    yahoo: createYahooAdapter({ baseUrl: yahooBaseUrl, http: http('yahoo') }),
    upbit: createUpbitAdapter({ baseUrl: upbitBaseUrl, http: http('upbit') }),
    sample: createSampleAdapter(),
    ...(options.csvPath === undefined
      ? {}
      : {
          csv: createCsvAdapter({
            path: options.csvPath,
            logger: logger.child({ source: 'csv' }),
            ...(options.csvWindow === undefined ? {} : { keep: options.csvWindow }),
          }),
        }),
  };
}
