import type { FastifyInstance } from 'fastify';
import { calendarFor } from '../calendar/market-calendar.js';
import { toAsset } from '../db/asset-row.js';
import type { Database } from '../db/database.js';
import { assetOverview } from './asset-overview.js';
import { resolveAssetWindow } from './asset-prices.js';
import { findGaps } from './gaps.js';
import { pagedAnomalies, pagedJobs } from './paged-lists.js';
import { anomaliesPage } from './pages/anomalies-page.js';
import { assetPage } from './pages/asset-page.js';
import { jobPage } from './pages/job-page.js';
import { jobsPage } from './pages/jobs-page.js';
import { overviewPage } from './pages/overview-page.js';
import { jobIdParam, NotFound, parseQuery, pricesQuery } from './params.js';
import { listAnomalies } from './queries/list-anomalies.js';
import { listJobUnits } from './queries/list-job-units.js';
import { listJobs } from './queries/list-jobs.js';
import { readJob } from './queries/read-job.js';
import { readStoredDates } from './queries/read-stored-dates.js';

const PAGE_SIZE = 50;
/** The most anomalies an asset page lists (newest first); the anomalies page has them all. */
const ASSET_PAGE_ANOMALIES = 200;

/** Server-rendered pages; every value from the database goes through the escaping `html` tag. */
export function registerPageRoutes(app: FastifyInstance, db: Database, now: () => Date): void {
  app.get('/', async (_request, reply) => {
    const [assets, jobs] = await Promise.all([
      assetOverview(db, now()),
      listJobs(db, { status: undefined, limit: 10, offset: 0 }),
    ]);
    return reply.type('text/html; charset=utf-8').send(overviewPage(assets, jobs));
  });

  app.get('/jobs', async (request, reply) => {
    const { query, page, hasNext, rows } = await pagedJobs(db, request.query, PAGE_SIZE);
    return reply
      .type('text/html; charset=utf-8')
      .send(jobsPage(rows, { status: query.status, page, hasNext }));
  });

  app.get<{ Params: { id: string } }>('/jobs/:id', async (request, reply) => {
    const jobId = jobIdParam(request.params.id);
    const job = await readJob(db, jobId);
    if (job === null) throw new NotFound(`unknown job ${jobId}`);
    const units = await listJobUnits(db, jobId);
    return reply.type('text/html; charset=utf-8').send(jobPage(job, units));
  });

  app.get<{ Params: { id: string } }>('/assets/:id', async (request, reply) => {
    const query = parseQuery(pricesQuery, request.query);
    // Only the window is resolved here; the chart script fetches the bars from the API.
    const window = await resolveAssetWindow(db, request.params.id, query, '1Y');
    const asset = toAsset(window.asset);
    const [overview, anomalies, stored] = await Promise.all([
      assetOverview(db, now(), window.source, asset.id),
      listAnomalies(db, { asset: asset.id, limit: ASSET_PAGE_ANOMALIES, offset: 0 }),
      readStoredDates(db, asset.id, window.source),
    ]);
    const summary = overview[0];
    if (summary === undefined) throw new NotFound(`unknown asset ${JSON.stringify(asset.id)}`);
    const marked = new Set<string>();
    for (const anomaly of anomalies) if (anomaly.date !== null) marked.add(anomaly.date);
    return reply.type('text/html; charset=utf-8').send(
      assetPage({
        asset: summary,
        window,
        markedDays: [...marked].sort(),
        anomalies,
        gaps: findGaps(calendarFor(asset.market), stored),
      }),
    );
  });

  app.get('/anomalies', async (request, reply) => {
    const { query, page, hasNext, rows } = await pagedAnomalies(db, request.query, PAGE_SIZE);
    const { asset, code, from, to } = query;
    return reply
      .type('text/html; charset=utf-8')
      .send(anomaliesPage(rows, { asset, code, from, to, page }, hasNext));
  });
}
