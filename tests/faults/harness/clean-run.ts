import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import type { ServiceEndpoints } from '../../support/service-endpoints.js';
import { type JobOutcome, type JobRow, outcomeOf, type PriceSnapshot } from './database.js';
import { expectNoDeadLetters } from './lag.js';
import { createPipelineRun, type PipelineRun, type PipelineRunOptions } from './pipeline-run.js';

export interface CleanRunResult {
  job: JobOutcome;
  prices: PriceSnapshot;
  /** Every row by key, when asked for with `keepRows`. */
  rows?: Map<string, string>;
  elapsedMs: number;
}

export type CleanRunOptions = PipelineRunOptions & { keepRows?: boolean };

/**
 * The reference: the same produce command into a fresh fixture, with `consume all` running
 * undisturbed from start to end. Computed once per test run: the faults project's globalSetup
 * (reference-cache-setup.ts) gives a folder for the run, and a reference of the sample source is
 * kept there under a hash of its command and settings, so the fault files that compare with the
 * same job share one clean run. A run against a market server or a webhook is not kept: its
 * server is the file's own, so its result is not a function of the arguments alone.
 */
export async function cleanRun(
  services: ServiceEndpoints,
  produceArgs: string[],
  options: CleanRunOptions = {},
): Promise<CleanRunResult> {
  const cacheFile = referenceFile(produceArgs, options);
  if (cacheFile === undefined) return computeCleanRun(services, produceArgs, options);
  // A kept reference always has its rows (a few thousand short lines), so a file that asks for
  // them and one that does not share it.
  let kept = readReference(cacheFile);
  if (kept === undefined) {
    kept = await computeCleanRun(services, produceArgs, { ...options, keepRows: true });
    writeReference(cacheFile, kept);
  }
  if (options.keepRows === true) return kept;
  const { rows: _rows, ...withoutRows } = kept;
  return withoutRows;
}

/**
 * The faulted job ended as the clean one did: the same status and counters, the same rows, and
 * nothing dead-lettered.
 */
export async function expectCleanRunOutcome(
  faulted: PipelineRun,
  job: JobRow,
  clean: CleanRunResult,
): Promise<void> {
  expect(outcomeOf(job)).toEqual(clean.job);
  expect(await faulted.prices()).toEqual(clean.prices);
  await expectNoDeadLetters(faulted.fixture);
}

async function computeCleanRun(
  services: ServiceEndpoints,
  produceArgs: string[],
  options: CleanRunOptions,
): Promise<CleanRunResult> {
  const run = await createPipelineRun(services, options);
  try {
    const started = Date.now();
    await run.startConsumers('all');
    const jobId = await run.produce(produceArgs);
    const job = await run.finishedJob(jobId, 120_000);
    const elapsedMs = Date.now() - started;
    const prices = await run.prices();
    if (options.keepRows !== true) return { job: outcomeOf(job), prices, elapsedMs };
    return { job: outcomeOf(job), prices, rows: await run.priceRows(), elapsedMs };
  } finally {
    await run.dispose();
  }
}

/** The file the run keeps this reference in; undefined when it is not to be kept. */
function referenceFile(produceArgs: string[], options: CleanRunOptions): string | undefined {
  // Only the faults project provides the folder; elsewhere (the cluster suite) every call runs.
  const folder = inject('referenceCacheDir') as string | undefined;
  if (folder === undefined || options.market !== undefined || options.webhookUrl !== undefined) {
    return undefined;
  }
  const key = JSON.stringify({ produceArgs, env: options.env ?? {} });
  return join(folder, `${createHash('sha256').update(key).digest('hex')}.json`);
}

/** The JSON form of a kept reference: the rows map as its entries. */
interface KeptReference extends Omit<CleanRunResult, 'rows'> {
  rows?: Array<[string, string]>;
}

function readReference(file: string): CleanRunResult | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // not computed yet in this run
  }
  const { rows, ...rest } = JSON.parse(text) as KeptReference;
  return rows === undefined ? rest : { ...rest, rows: new Map(rows) };
}

function writeReference(file: string, result: CleanRunResult): void {
  const { rows, ...rest } = result;
  const kept: KeptReference = rows === undefined ? rest : { ...rest, rows: [...rows] };
  // Written aside then renamed, so a reader never sees half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(kept));
  renameSync(`${file}.tmp`, file);
}
