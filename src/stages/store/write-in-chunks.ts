import type { ITask, QueryParam } from 'pg-promise';

/**
 * Writes `rows` with one statement per chunk of at most `chunkSize` rows, in the caller's
 * transaction, calling `between` after each (the sink heartbeats there). Returns the number of
 * rows the statements inserted or updated.
 */
export async function writeInChunks<Row>(
  t: ITask<unknown>,
  rows: readonly Row[],
  chunkSize: number,
  statementOf: (chunk: Row[]) => QueryParam,
  between: () => Promise<void> = async () => {},
): Promise<number> {
  let written = 0;
  for (let offset = 0; offset < rows.length; offset += chunkSize) {
    const result = await t.result(statementOf(rows.slice(offset, offset + chunkSize)));
    written += result.rowCount;
    await between();
  }
  return written;
}
