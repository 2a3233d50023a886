import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServices } from '../support/integration.js';
import { createTestWebServer } from '../support/web-server.js';
import { createWebFixture, FAILING, NOW, SPIKE, type WebFixture } from './web-fixture.js';

const { services, skip } = requireServices('postgres');

describe.skipIf(skip)('web JSON API over a real sample job', () => {
  let fixture: WebFixture;
  let app: FastifyInstance;

  beforeAll(async () => {
    fixture = await createWebFixture(services.postgresAdminUrl ?? '');
    app = await createTestWebServer(fixture.db, NOW);
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('prices over a range equal the price_daily rows, dates as ISO strings, numbers as numbers', async () => {
    const response = await get('/api/assets/BTC%2FKRW/prices?from=2024-03-01&to=2024-03-31');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const rows = await fixture.db.any(
      `SELECT date, open, high, low, close, volume, flags FROM price_daily
        WHERE asset_id = 'BTC/KRW' AND source = 'sample' AND date BETWEEN '2024-03-01' AND '2024-03-31'
        ORDER BY date`,
    );
    expect(rows).toHaveLength(31);
    expect(body).toMatchObject({
      assetId: 'BTC/KRW',
      source: 'sample',
      from: '2024-03-01',
      to: '2024-03-31',
    });
    expect(body.prices).toEqual(rows);
    expect(typeof body.prices[0].close).toBe('number');
  });

  it('?format=csv parses back to the same rows', async () => {
    const json = (await get('/api/assets/005930/prices?from=2024-05-20&to=2024-06-20')).json();
    const response = await get(
      '/api/assets/005930/prices?from=2024-05-20&to=2024-06-20&format=csv',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const records = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(json.prices.length);
    expect(
      records.map((record) => ({
        date: record.date,
        open: Number(record.open),
        high: Number(record.high),
        low: Number(record.low),
        close: Number(record.close),
        volume: record.volume === '' ? null : Number(record.volume),
        flags: record.flags === '' ? [] : record.flags?.split('|'),
      })),
    ).toEqual(json.prices);
    expect(records.find((record) => record.date === SPIKE.date)?.flags).toContain('price_spike');
  });

  it('a bad date is 400 with one line naming it; an unknown asset is 404', async () => {
    const bad = await get('/api/assets/005930/prices?from=2024-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.body.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(bad.json().error).toMatch(
      /^from must be a real date as YYYY-MM-DD \(got "2024-02-30"\)/,
    );
    const reversed = await get('/api/assets/005930/prices?from=2024-02-02&to=2024-02-01');
    expect(reversed.statusCode).toBe(400);
    expect((await get('/api/anomalies?to=yesterday')).statusCode).toBe(400);
    expect((await get('/api/jobs?status=done')).statusCode).toBe(400);
    const unknown = await get('/api/assets/NOPE/prices');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatch(/unknown asset "NOPE"/);
  });

  it('lists assets with freshness, jobs with the failed unit, anomalies by asset and code', async () => {
    const assets = (await get('/api/assets')).json().assets;
    expect(assets.map((asset: { id: string }) => asset.id).sort()).toEqual(
      ['000660', '005930', '069500', 'BTC/KRW', 'GC=F', 'KS11', 'US500'].sort(),
    );
    const gold = assets.find((asset: { id: string }) => asset.id === FAILING.assetId);
    expect(gold).toMatchObject({ status: 'STALE', latestDate: null, lastClose: null });
    const btc = assets.find((asset: { id: string }) => asset.id === 'BTC/KRW');
    expect(btc).toMatchObject({ status: 'OK', latestDate: '2024-12-31', source: 'sample' });

    const freshness = (await get('/api/freshness')).json();
    expect(freshness.stale).toEqual([FAILING.assetId]);

    const jobs = (await get('/api/jobs?status=partial_failure')).json().jobs;
    expect(jobs.map((job: { job_id: string }) => job.job_id)).toEqual([fixture.jobId]);
    expect((await get('/api/jobs?status=success')).json().jobs).toEqual([]);
    const job = (await get(`/api/jobs/${fixture.jobId}`)).json();
    const failed = job.units.find(
      (unit: { asset_id: string }) => unit.asset_id === FAILING.assetId,
    );
    expect(failed).toMatchObject({ stage: 'fetch', error: FAILING.error });
    expect((await get('/api/jobs/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/api/jobs/not-a-uuid')).statusCode).toBe(400);

    const spikes = (
      await get(
        `/api/anomalies?asset=${SPIKE.assetId}&code=price_spike&from=2024-06-01&to=2024-06-30`,
      )
    ).json();
    expect(spikes.anomalies.map((row: { date: string }) => row.date)).toContain(SPIKE.date);
    expect(
      spikes.anomalies.every(
        (row: { asset_id: string; code: string }) =>
          row.asset_id === SPIKE.assetId && row.code === 'price_spike',
      ),
    ).toBe(true);
  });

  it('sends a Content-Security-Policy and escapes outside text in pages', async () => {
    const page = await get(`/jobs/${fixture.jobId}`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('upstream answered &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)</script>');
  });
});
