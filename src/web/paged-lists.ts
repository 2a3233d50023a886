import type { Database } from '../db/database.js';
import { anomaliesQuery, jobsQuery, parseQuery } from './params.js';
import { listAnomalies } from './queries/list-anomalies.js';
import { type JobStatus, listJobs } from './queries/list-jobs.js';

/** One page of a list, numbered from 1, and whether a next page exists. */
export interface Page<Row> {
  page: number;
  hasNext: boolean;
  rows: Row[];
}

/** Reads one row more than a page holds: that row tells a next page exists, without a count. */
async function readPage<Row>(
  pageParam: string | undefined,
  size: number,
  read: (window: { limit: number; offset: number }) => Promise<Row[]>,
): Promise<Page<Row>> {
  const page = Number(pageParam ?? '1');
  const rows = await read({ limit: size + 1, offset: (page - 1) * size });
  return { page, hasNext: rows.length > size, rows: rows.slice(0, size) };
}

/** The page of jobs a request's query asks for (`status`, `page`), with the parsed query. */
export async function pagedJobs(db: Database, requestQuery: unknown, size: number) {
  const query = parseQuery(jobsQuery, requestQuery);
  const status = query.status as JobStatus | undefined;
  const page = await readPage(query.page, size, (window) => listJobs(db, { status, ...window }));
  return { query, ...page };
}

/** The page of anomalies a request's query asks for (filters and `page`), with the parsed query. */
export async function pagedAnomalies(db: Database, requestQuery: unknown, size: number) {
  const query = parseQuery(anomaliesQuery, requestQuery);
  const page = await readPage(query.page, size, (window) =>
    listAnomalies(db, { ...query, ...window }),
  );
  return { query, ...page };
}
