import type { z } from 'zod';
import { AppError } from '../../../errors.js';

/** The start of a body on one line, for error messages; bodies can be whole HTML pages. */
export function snippet(body: string, length = 120): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length)}...` : line;
}

/**
 * A JSON body checked against the shape the parser relies on. Anything else (HTML from a proxy,
 * a truncated body, a changed format) is SOURCE_BAD_RESPONSE, which the client retries.
 */
export function parseJsonBody<T>(source: string, body: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new AppError(
      'SOURCE_BAD_RESPONSE',
      `${source} answered a body that is not JSON: ${snippet(body)}`,
      {
        cause: error,
      },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue === undefined ? '' : ` at ${issue.path.join('.') || 'the top'}: ${issue.message}`;
    throw new AppError('SOURCE_BAD_RESPONSE', `${source} answered an unexpected shape${where}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
