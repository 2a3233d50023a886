import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date.js';
import { JOB_STATUSES } from './queries/list-jobs.js';

/** A request parameter that cannot be used; the server answers 400 with its one-line message. */
export class BadRequest extends Error {}

/** A resource that does not exist; the server answers 404 with its one-line message. */
export class NotFound extends Error {}

const optionalParam = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const date = (name: string) =>
  optionalParam.refine((value) => value === undefined || isIsoDate(value), {
    error: (issue) =>
      `${name} must be a real date as YYYY-MM-DD (got ${JSON.stringify(issue.input)})`,
  });

const page = optionalParam.refine((value) => value === undefined || /^[1-9]\d{0,5}$/.test(value), {
  error: (issue) => `page must be a whole number from 1 (got ${JSON.stringify(issue.input)})`,
});

const source = optionalParam.refine((value) => value === undefined || /^[a-z]{1,32}$/.test(value), {
  error: (issue) =>
    `source must be a source name such as naver (got ${JSON.stringify(issue.input)})`,
});

const range = <T extends { from?: string | undefined; to?: string | undefined }>(value: T) =>
  value.from === undefined || value.to === undefined || value.from <= value.to;
const rangeError = { error: 'from is after to; give the earlier date as from' };

export const pricesQuery = z
  .object({
    from: date('from'),
    to: date('to'),
    source,
    format: optionalParam.refine(
      (value) => value === undefined || value === 'json' || value === 'csv',
      {
        error: (issue) => `format must be json or csv (got ${JSON.stringify(issue.input)})`,
      },
    ),
    range: optionalParam.refine(
      (value) => value === undefined || ['1M', '1Y', '5Y', 'all'].includes(value),
      { error: (issue) => `range must be 1M, 1Y, 5Y or all (got ${JSON.stringify(issue.input)})` },
    ),
  })
  .refine(range, rangeError);

export const jobsQuery = z.object({
  status: optionalParam.refine(
    (value) => value === undefined || (JOB_STATUSES as readonly string[]).includes(value),
    {
      error: (issue) =>
        `status must be one of ${JOB_STATUSES.join(', ')} (got ${JSON.stringify(issue.input)})`,
    },
  ),
  page,
});

export const anomaliesQuery = z
  .object({
    asset: optionalParam,
    code: optionalParam.refine((value) => value === undefined || /^[a-z_]{1,64}$/.test(value), {
      error: (issue) =>
        `code must be an anomaly code such as price_spike (got ${JSON.stringify(issue.input)})`,
    }),
    from: date('from'),
    to: date('to'),
    page,
  })
  .refine(range, rangeError);

export const sourceQuery = z.object({ source });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job id from a path, or BadRequest. */
export function jobIdParam(value: string): string {
  if (!UUID.test(value))
    throw new BadRequest(`job id must be a UUID (got ${JSON.stringify(value)})`);
  return value.toLowerCase();
}

/**
 * Parses a query string object with `schema`; the first problem becomes one BadRequest line.
 * Unknown parameters are ignored (a dashboard may add cache busters), repeated ones refused.
 */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const values = (query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) throw new BadRequest(`${name} is given more than once; give it once`);
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new BadRequest(parsed.error.issues[0]?.message ?? 'bad parameters');
}
