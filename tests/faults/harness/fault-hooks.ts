import { afterAll, beforeAll, expect } from 'vitest';
import { type FakeMarketServer, startFakeMarketServer } from '../../support/fake-market-server.js';
import type { ServiceName } from '../../support/service-control.js';
import type { ServiceEndpoints } from '../../support/service-endpoints.js';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server.js';
import { type CleanRunOptions, type CleanRunResult, cleanRun } from './clean-run.js';
import { createPipelineRun, type PipelineRun, type PipelineRunOptions } from './pipeline-run.js';
import { infra } from './processes.js';

/**
 * The pipeline runs a fault file's tests start, each against a fresh fixture, disposed after the
 * tests. A file whose tests stop a shared service names it in `restart`: whatever happened, it is
 * up again before the runs are disposed and anything else runs.
 */
export function faultedRuns(
  services: ServiceEndpoints,
  restart?: ServiceName,
): (options?: PipelineRunOptions) => Promise<PipelineRun> {
  const runs: PipelineRun[] = [];
  afterAll(async () => {
    if (restart !== undefined) await infra(restart, 'start');
    for (const run of runs) await run.dispose();
  });
  return async (options) => {
    const run = await createPipelineRun(services, options);
    runs.push(run);
    return run;
  };
}

export interface CleanComparison extends CleanRunOptions {
  /** How the undisturbed job must end; success unless said. */
  status?: string;
  restart?: ServiceName;
}

/**
 * A fault file that compares its faulted runs with a clean one: `job` runs undisturbed before
 * the tests, and each test gets that reference with a run of its own to fault (see faultedRuns).
 */
export function comparedWithCleanRun(
  services: ServiceEndpoints,
  job: string[],
  { status = 'success', restart, ...cleanOptions }: CleanComparison = {},
): (options?: PipelineRunOptions) => Promise<{ clean: CleanRunResult; faulted: PipelineRun }> {
  let clean: CleanRunResult | undefined;
  beforeAll(async () => {
    clean = await cleanRun(services, job, cleanOptions);
    expect(clean.job.status).toBe(status);
  });
  const startRun = faultedRuns(services, restart);
  return async (options) => {
    if (clean === undefined) throw new Error('the clean run is computed before the tests');
    return { clean, faulted: await startRun(options) };
  };
}

/**
 * A local market with Upbit down, so that a job over the whole catalog ends partial_failure and
 * alerts, and a webhook recording the alerts: started before the file's tests, closed after them.
 * Call it before faultedRuns: after hooks run last registered first, so the runs are disposed
 * before these servers close.
 */
export function upbitDownWithWebhook(): {
  readonly market: FakeMarketServer;
  readonly webhook: WebhookServer;
} {
  let market: FakeMarketServer | undefined;
  let webhook: WebhookServer | undefined;
  beforeAll(async () => {
    market = await startFakeMarketServer();
    market.modes.upbit = 'down';
    webhook = await startWebhookServer();
  });
  afterAll(async () => {
    await webhook?.close();
    await market?.close();
  });
  const started = <T>(server: T | undefined): T => {
    if (server === undefined) throw new Error('the servers start before the tests');
    return server;
  };
  return {
    get market() {
      return started(market);
    },
    get webhook() {
      return started(webhook);
    },
  };
}
