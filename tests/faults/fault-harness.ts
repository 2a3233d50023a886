/**
 * The fault-test harness, one module per concern under ./harness; this file gathers them for
 * the fault files and the cluster suite.
 */

export {
  jobIdIn,
  type LogLine,
  loggedJobId,
  logLines,
  waitForJobId,
} from '../support/log-lines.js';
export { type CleanRunResult, cleanRun, expectCleanRunOutcome } from './harness/clean-run.js';
export {
  JOB_COUNTERS,
  type JobOutcome,
  type JobRow,
  outcomeOf,
  type PriceSnapshot,
  unfinishedUnits,
} from './harness/database.js';
export {
  comparedWithCleanRun,
  faultedRuns,
  upbitDownWithWebhook,
} from './harness/fault-hooks.js';
export { LARGE_JOB, OWN_SOURCES_JOB, SERIAL_LARGE_JOB } from './harness/job-presets.js';
export {
  deadLetters,
  expectNoDeadLetters,
  groupLag,
  messageCount,
  stagesCaughtUp,
} from './harness/lag.js';
export {
  type BackgroundCli,
  createPipelineRun,
  type PipelineRun,
  type PipelineRunOptions,
} from './harness/pipeline-run.js';
export { infra, killHard } from './harness/processes.js';
export { type WaitOptions, waitUntil } from './harness/wait-until.js';
