import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { assetOverview } from './asset-overview.js';
import { loadAssetPrices } from './asset-prices.js';
import { pagedAnomalies, pagedJobs } from './paged-lists.js';
import { jobIdParam, NotFound, parseQuery, pricesQuery, sourceQuery } from './params.js';
import { listJobUnits } from './queries/list-job-units.js';
import { readJob } from './queries/read-job.js';

export const API_PAGE_SIZE = 100;

/**
 * The JSON API the dashboard reads. Dates are ISO strings (`YYYY-MM-DD` for trading dates, full
 * instants for timestamps), numbers are numbers. Lists are paginated with `page` (100 a page)
 * and say whether a next page exists.
 */
export function registerApiRoutes(app: FastifyInstance, db: Database, now: () => Date): void {
  app.get('/api/assets', async (request) => {
    const { source } = parseQuery(sourceQuery, request.query);
    return { asOf: now().toISOString(), assets: await assetOverview(db, now(), source) };
  });

  app.get('/api/freshness', async (request) => {
    const { source } = parseQuery(sourceQuery, request.query);
    const assets = await assetOverview(db, now(), source);
    return {
      asOf: now().toISOString(),
      stale: assets.filter((asset) => asset.status === 'STALE').map((asset) => asset.id),
      assets: assets.map((asset) => ({
        assetId: asset.id,
        source: asset.source,
        latestStored: asset.latestDate,
        expected: asset.expectedDate,
        lag: asset.lag,
        status: asset.status,
      })),
    };
  });

  app.get<{ Params: { id: string } }>('/api/assets/:id/prices', async (request, reply) => {
    const query = parseQuery(pricesQuery, request.query);
    const result = await loadAssetPrices(db, request.params.id, query, 'all');
    if (query.format === 'csv') {
      // One header line, then one line per bar; flags joined with `|` inside one field.
      const csv = stringify(
        result.prices.map((row) => [
          row.date,
          row.open,
          row.high,
          row.low,
          row.close,
          row.volume ?? '',
          row.flags.join('|'),
        ]),
        { header: true, columns: ['date', 'open', 'high', 'low', 'close', 'volume', 'flags'] },
      );
      const file = `${result.asset.id.replace(/[^\w.-]/g, '_')}_${result.from}_${result.to}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(csv);
    }
    return {
      assetId: result.asset.id,
      source: result.source,
      from: result.from,
      to: result.to,
      prices: result.prices,
    };
  });

  app.get('/api/jobs', async (request) => {
    const { page, hasNext, rows } = await pagedJobs(db, request.query, API_PAGE_SIZE);
    return { page, hasNext, jobs: rows };
  });

  app.get<{ Params: { id: string } }>('/api/jobs/:id', async (request) => {
    const jobId = jobIdParam(request.params.id);
    const job = await readJob(db, jobId);
    if (job === null) throw new NotFound(`unknown job ${jobId}; GET /api/jobs lists them`);
    return { ...job, units: await listJobUnits(db, jobId) };
  });

  app.get('/api/anomalies', async (request) => {
    const { page, hasNext, rows } = await pagedAnomalies(db, request.query, API_PAGE_SIZE);
    return { page, hasNext, anomalies: rows };
  });
}
