import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../../src/config/settings.js';
import { createSources } from '../../../../src/stages/fetch/sources/create-sources.js';
import { type LocalServer, sequence, startLocalServer } from '../../../support/local-server.js';
import { asset, fixturePath } from './fixtures.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

const logger = pino({ level: 'silent' });

describe('createSources', () => {
  it('names every source after its key, csv only when a path is given', () => {
    const settings = loadSettings({});
    const withoutCsv = createSources(settings, logger);
    expect(Object.keys(withoutCsv).sort()).toEqual(['naver', 'sample', 'upbit', 'yahoo']);
    const withCsv = createSources(settings, logger, { csvPath: fixturePath('csv') });
    for (const [name, adapter] of Object.entries(withCsv)) expect(adapter.name).toBe(name);
    expect(withCsv.csv).toBeDefined();
  });

  it('calls the configured base URL with the configured retry limits', async () => {
    const settings = loadSettings({
      NAVER_BASE_URL: server.baseUrl,
      FETCH_MAX_RETRIES: '1',
      FETCH_BASE_DELAY_MS: '0',
    });
    server.handle(sequence([500, 'down']));
    const pending = createSources(settings, logger).naver?.fetchDaily({
      asset: asset('005930'),
      start: '2026-02-02',
      end: '2026-02-06',
    });
    await expect(pending).rejects.toMatchObject({ code: 'SOURCE_HTTP', attempts: 2 });
    expect(server.requests.map((url) => url.pathname)).toEqual([
      '/siseJson.naver',
      '/siseJson.naver',
    ]);
  });
});
