import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Asset } from '../../../../src/catalog/assets.js';
import { DEFAULT_CATALOG } from '../../../../src/catalog/assets.js';
import {
  createHttpClient,
  type HttpClient,
} from '../../../../src/stages/fetch/sources/http-client.js';

/** A file of `tests/fixtures/market-data/`, as the server sends it. */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** The absolute path of a fixture file or folder. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/market-data/${name}`, import.meta.url));
}

/** A default-catalog asset, or a copy with another source symbol. */
export function asset(id: string, sourceSymbol?: string): Asset {
  const found = DEFAULT_CATALOG.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no asset ${id} in the default catalog`);
  return sourceSymbol === undefined ? found : { ...found, sourceSymbol };
}

/** A client with short limits: 2 retries 1-2 ms apart, a 1 s timeout, no log output. */
export function fastClient(
  overrides: Partial<Parameters<typeof createHttpClient>[0]> = {},
): HttpClient {
  return createHttpClient({
    timeoutMs: 1000,
    maxRetries: 2,
    baseDelayMs: 1,
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
}
