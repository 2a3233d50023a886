import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

// Embedded mode needs no service: PGlite and the in-process bus run inside the command.
describe('npm run demo (embedded, offline)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-'));
  const env = { EMBEDDED_DATA_DIR: dataDir };

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores the catalog over three months, and a second run stores no duplicate', {
    timeout: 420_000,
  }, async () => {
    const first = await runCli('src/cli/demo.ts', [], env, 180_000);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/embedded mode/);
    for (const id of ['005930', '000660', '069500', 'KS11', 'US500', 'BTC/KRW', 'GC=F']) {
      expect(first.stdout).toMatch(
        new RegExp(`^${id.replace('/', '\\/')}\\s+.+\\s+\\d+\\s+\\d{4}-\\d{2}-\\d{2}`, 'm'),
      );
    }
    expect(first.stdout).toMatch(/: success, \d+ row\(s\) written/);
    expect(first.stdout).toContain(`data kept in PGlite in ${dataDir}`);
    const total = Number(/^(\d+) rows in price_daily$/m.exec(first.stdout)?.[1]);
    // Three months: about 62 KRX sessions x 4, 64 US x 2, 92 crypto days.
    expect(total).toBeGreaterThan(400);
    expect(total).toBeLessThan(520);

    // The planted anomalies reach the anomaly table: spikes, missing sessions, rejected bars.
    const anomalies = Number(/^(\d+) anomalies in the anomaly table/m.exec(first.stdout)?.[1]);
    expect(anomalies).toBeGreaterThanOrEqual(6);
    expect(first.stdout).toMatch(/^ {2}\d{4}-\d{2}-\d{2} {2}005930 +price_spike /m);
    expect(first.stdout).toMatch(/^ {2}\d{4}-\d{2}-\d{2} {2}US500 +missing_session /m);
    expect(first.stdout).toMatch(/^ {2}\d{4}-\d{2}-\d{2} {2}BTC\/KRW +high_below_low /m);

    const second = await runCli('src/cli/demo.ts', [], env, 120_000);
    expect(second.code).toBe(0);
    expect(Number(/^(\d+) rows in price_daily$/m.exec(second.stdout)?.[1])).toBe(total);
    expect(Number(/^(\d+) anomalies in the anomaly table/m.exec(second.stdout)?.[1])).toBe(
      anomalies,
    );
  });

  it('produce without KAFKA_BROKERS runs every stage in process and says so first', {
    timeout: 180_000,
  }, async () => {
    const result = await runCli(
      'src/cli/produce.ts',
      ['--start', '2026-02-02', '--end', '2026-02-11', '--source', 'sample'],
      { ...env, LOG_LEVEL: 'info' },
      120_000,
    );
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines[0]?.msg).toMatch(/^embedded mode/);
    // 8 KRX sessions x 4 assets, 8 US sessions x 2, 10 crypto days.
    expect(lines.at(-1)?.msg).toMatch(
      /success: 58 row\(s\) written to price_daily, 0 bar\(s\) rejected, 0 unit\(s\) failed \(PGlite in /,
    );
  });
});
