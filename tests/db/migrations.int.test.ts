import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { createTestDatabase, requireServices, testLogger } from '../support/integration.js';
import { runCli } from '../support/run-cli.js';

const { services, skip } = requireServices('postgres');

/** What the migrations create in public, by name: the tables and the job_unit_state view. */
const MIGRATED = ['anomaly', 'asset', 'job_run', 'job_unit', 'job_unit_state', 'price_daily'];

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name <> 'pgmigrations' ORDER BY table_name`,
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe.skipIf(skip)('migrations against PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const logger = testLogger('migrate');

  beforeAll(async () => {
    database = await createTestDatabase(services.postgresAdminUrl ?? '');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('goes up, down and up again; a second up is a no-op', async () => {
    const url = database.url;
    const first = await migrate({ databaseUrl: url, direction: 'up', logger });
    expect(first.length).toBeGreaterThan(0);
    expect(await tables(url)).toEqual(MIGRATED);

    expect(await migrate({ databaseUrl: url, direction: 'up', logger })).toEqual([]);

    const down = await migrate({
      databaseUrl: url,
      direction: 'down',
      count: first.length,
      logger,
    });
    expect(down).toEqual([...first].reverse());
    expect(await tables(url)).toEqual([]);

    expect(await migrate({ databaseUrl: url, direction: 'up', logger })).toEqual(first);
    expect(await tables(url)).toEqual(MIGRATED);
  });

  it('seeds the seven-asset default catalog and enforces the schema', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT id, category, market, source, source_symbol FROM asset ORDER BY id',
      );
      expect(rows.map((row) => row.id)).toEqual([
        '000660',
        '005930',
        '069500',
        'BTC/KRW',
        'GC=F',
        'KS11',
        'US500',
      ]);
      expect(rows.find((row) => row.id === 'US500')).toMatchObject({
        category: 'index',
        market: 'US',
        source: 'yahoo',
        source_symbol: '^GSPC',
      });
      await expect(
        client.query(
          `INSERT INTO job_run (job_id, job_name, status, started_at) VALUES (gen_random_uuid(), 'x', 'done', now())`,
        ),
      ).rejects.toMatchObject({ code: '23514' });
      await client.query(
        `INSERT INTO price_daily (asset_id, date, source, open, high, low, close) VALUES ('005930', '2026-02-02', 'sample', 1, 2, 1, 2)`,
      );
      await expect(
        client.query(
          `INSERT INTO price_daily (asset_id, date, source, open, high, low, close) VALUES ('005930', '2026-02-02', 'sample', 1, 2, 1, 2)`,
        ),
      ).rejects.toMatchObject({ code: '23505' });
    } finally {
      await client.end();
    }
  });

  it('npm run migrate applies nothing on a migrated database and says so', async () => {
    const result = await runCli('src/cli/migrate.ts', [], { DATABASE_URL: database.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('database already up to date');
  });
});
