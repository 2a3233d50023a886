import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '../../../../src/db/database.js';
import { createTestDatabase, requireServices } from '../../../support/integration.js';
import { runCli } from '../../../support/run-cli.js';

const { services, skip } = requireServices('postgres');

/**
 * `produce --source csv` through the CLI in embedded mode, into a real PostgreSQL database: a
 * bad row is rejected on its own and the rest of the file is stored.
 */
describe.skipIf(skip)('CSV import through the produce CLI', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  const folder = mkdtempSync(join(tmpdir(), 'csv-import-'));

  beforeAll(async () => {
    database = await createTestDatabase(services.postgresAdminUrl as string);
    db = createDatabase(database.url);
  });

  afterAll(async () => {
    if (db !== undefined) await closeDatabase(db);
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const produce = (args: string[]) =>
    runCli(
      'src/cli/produce.ts',
      ['--source', 'csv', ...args],
      { DATABASE_URL: database.url, LOG_LEVEL: 'info' },
      90_000,
    );

  it('stores the good rows of a file and rejects each unreadable one, across units and assets', async () => {
    // CR-only line endings; every kind of cell that used to fail the whole file.
    const rows = [
      'Date,Open,High,Low,Close,Volume',
      '2024-01-02,10,12,9,11,100',
      '2024-01-03,10,12,9,abc,100',
      '2024-01-04,10,12,9,NaN,100',
      '2024-01-05,10,12,9,Infinity,100',
      '2024-01-08,10,12,9,"1,234",100',
      '2024-01-09,10,12,9,0x64,100',
      '2024-01-10,10,12,9,1e2,100',
      '2024-01-11,10,12,9,11.5,100',
      'yesterday,10,12,9,11,100',
      '2024-01-12,10,12,9,11.25,',
    ];
    const file = join(folder, 'prices.csv');
    writeFileSync(file, `${rows.join('\r')}\r`);
    const result = await produce([
      '--csv-path',
      file,
      '--assets',
      '005930,000660',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-14',
      '--chunk-days',
      '7',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // One warning: the file was read once for its four units.
    expect(result.stdout.match(/7 row\(s\) could not be read and are rejected/g)).toHaveLength(1);
    const job = await db.one<{
      status: string;
      rows_written: number;
      bars_rejected: number;
      units_planned: number;
    }>('SELECT status, rows_written, bars_rejected, units_planned FROM job_run');
    // Two assets x two 7-day units; per asset 3 stored rows and 6 rejected bars.
    expect(job).toEqual({
      status: 'success',
      rows_written: 6,
      bars_rejected: 12,
      units_planned: 4,
    });
    const stored = await db.any<{ asset_id: string; date: string; close: number }>(
      `SELECT asset_id, to_char(date, 'YYYY-MM-DD') AS date, close::float8 AS close
         FROM price_daily WHERE asset_id = '005930' ORDER BY date`,
    );
    expect(stored.map((row) => [row.date, row.close])).toEqual([
      ['2024-01-02', 11],
      ['2024-01-11', 11.5],
      ['2024-01-12', 11.25],
    ]);
  });

  it('refuses a FIFO as --csv-path at once, exit 2, instead of hanging', async () => {
    const fifo = join(folder, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const result = await produce([
      '--csv-path',
      fifo,
      '--assets',
      '005930',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-14',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `producer: --csv-path ${fifo} is neither a regular file nor a folder; give a CSV file or a folder`,
    ]);
  });
});
