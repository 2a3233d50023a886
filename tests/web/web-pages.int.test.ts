import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServices } from '../support/integration.js';
import { createTestWebServer } from '../support/web-server.js';
import { createWebFixture, FAILING, NOW, SPIKE, type WebFixture } from './web-fixture.js';

const { services, skip } = requireServices('postgres');

/** Screenshots land here (git-ignored) for a person to look at. */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'web');
const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(skip)('web pages in a real Chromium', () => {
  let fixture: WebFixture;
  let app: FastifyInstance;
  let baseUrl: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    fixture = await createWebFixture(services.postgresAdminUrl ?? '');
    app = await createTestWebServer(fixture.db, NOW);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'web-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
  });
  afterAll(async () => {
    await context?.close();
    await app?.close();
    await fixture?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a page and collects console errors, uncaught exceptions and dialogs. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  it('the overview shows every asset with its freshness badge and the latest job', async () => {
    const { page, problems } = await open('/');
    const rows = page.locator('#assets tbody tr');
    const ids = await rows.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-asset')),
    );
    const catalog = await fixture.db.map('SELECT id FROM asset ORDER BY id', [], (row) => row.id);
    expect(ids).toEqual(catalog);
    for (const id of catalog) {
      const badge = page.locator(`#assets tr[data-asset="${id}"] .badge`);
      await expect(badge.textContent()).resolves.toBe(id === FAILING.assetId ? 'STALE' : 'OK');
    }
    await expect(
      page.locator(`table.jobs tr[data-job="${fixture.jobId}"] .badge`).textContent(),
    ).resolves.toBe('partial_failure');
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('the asset page charts one candle per stored row of the range and marks the spike', async () => {
    const { page, problems } = await open(`/assets/${encodeURIComponent(SPIKE.assetId)}`);
    const chart = page.locator('#chart[data-ready="true"]');
    await chart.waitFor();
    const count = async (from: string, to: string) =>
      (
        await fixture.db.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM price_daily
            WHERE asset_id = $1 AND source = 'sample' AND date BETWEEN $2 AND $3`,
          [SPIKE.assetId, from, to],
        )
      ).n;
    const from = (await chart.getAttribute('data-from')) ?? '';
    const to = (await chart.getAttribute('data-to')) ?? '';
    expect(Number(await chart.getAttribute('data-candles'))).toBe(await count(from, to));
    expect(await count(from, to)).toBeGreaterThan(200);
    expect((await chart.getAttribute('data-markers'))?.split(',')).toContain(SPIKE.date);
    // The chart library drew on its canvases.
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    await expect(
      page
        .locator(`table.anomalies tr[data-date="${SPIKE.date}"][data-code="price_spike"]`)
        .count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'asset-1y.png'), fullPage: true });

    await page.locator('.ranges button[data-range="1M"]').click();
    await page.locator('#chart[data-ready="true"]').waitFor();
    const monthFrom = (await chart.getAttribute('data-from')) ?? '';
    expect(monthFrom > from).toBe(true);
    expect(Number(await chart.getAttribute('data-candles'))).toBe(await count(monthFrom, to));
    await page.locator('.ranges button[data-range="all"]').click();
    await page.waitForFunction(
      "document.querySelector('#chart')?.getAttribute('data-from') === '0001-01-01'",
    );
    await page.locator('#chart[data-ready="true"]').waitFor();
    expect(Number(await chart.getAttribute('data-candles'))).toBe(await count('0001-01-01', to));
    await page.screenshot({ path: join(ARTIFACTS, 'asset-all.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it("the failed unit's error shows on its job page as text, and its markup runs nothing", async () => {
    const { page, problems } = await open(`/jobs/${fixture.jobId}`);
    const failed = page.locator('#units tbody tr', { hasText: FAILING.assetId });
    await expect(failed.locator('td.error').textContent()).resolves.toContain(FAILING.error);
    expect(await page.locator('#units td.error script').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'job.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('the jobs and anomalies lists load and filter', async () => {
    const jobs = await open('/jobs?status=partial_failure');
    expect(await jobs.page.locator(`tr[data-job="${fixture.jobId}"]`).count()).toBe(1);
    await jobs.page.screenshot({ path: join(ARTIFACTS, 'jobs.png'), fullPage: true });
    expect(jobs.problems).toEqual([]);

    const anomalies = await open(
      `/anomalies?asset=${SPIKE.assetId}&code=price_spike&from=2024-06-01&to=2024-06-30`,
    );
    const dates = await anomalies.page
      .locator('table.anomalies tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-date')));
    expect(dates).toContain(SPIKE.date);
    expect(
      dates.every((date) => date !== null && date >= '2024-06-01' && date <= '2024-06-30'),
    ).toBe(true);
    await anomalies.page.screenshot({ path: join(ARTIFACTS, 'anomalies.png'), fullPage: true });
    expect(anomalies.problems).toEqual([]);
  });
});
