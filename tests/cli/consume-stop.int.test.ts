import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerGroupId } from '../../src/pipeline/topology.js';
import { groupLag } from '../faults/fault-harness.js';
import { cliEnv } from '../support/cli-env.js';
import { requireServices } from '../support/integration.js';
import { jobIdIn } from '../support/log-lines.js';
import { killLeftovers, startNpmScript, timeToExit } from '../support/npm-script.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { runCli } from '../support/run-cli.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');
const STAGES = ['validator', 'sink', 'tracker'] as const;
const INPUTS = { validator: 'raw', sink: 'validated', tracker: 'jobs' } as const;

// A supervisor (systemd, the scheduler, a person with `kill`) signals the process it started:
// for `npm run consume` that is npm, whose `sh -c` dies without passing the signal on.
describe.skipIf(skip)('npm run consume -- all, signalled through npm', () => {
  let fixture: PipelineFixture;

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
  }, 120_000);
  afterAll(async () => {
    await fixture?.cleanup();
  });

  async function groupStates(): Promise<string[]> {
    const admin = fixture.kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups(
        STAGES.map((stage) => consumerGroupId(fixture.settings.kafka.topicPrefix, stage)),
      );
      return groups.map((group) => group.state);
    } finally {
      await admin.disconnect();
    }
  }

  it.each([
    ['SIGTERM', 'npm'],
    ['SIGINT', 'npm'],
    ['SIGINT', 'its process group (Ctrl-C in a terminal)'],
  ] as const)(
    'stops the node process within 10 s of %s to %s, leaving its groups with offsets committed',
    async (signal, target) => {
      const produced = await runCli(
        'src/cli/produce.ts',
        [
          '--start',
          '2026-02-02',
          '--end',
          '2026-02-13',
          '--source',
          'sample',
          '--assets',
          '005930',
        ],
        cliEnv(fixture),
        120_000,
      );
      expect(produced.code, produced.stderr).toBe(0);
      const jobId = jobIdIn(produced.stdout);

      const consume = startNpmScript('consume', ['all'], cliEnv(fixture));
      let nodePid: number | undefined;
      try {
        const running = await consume.waitForLog(/^running /, 90_000);
        nodePid = running.pid as number;
        expect(nodePid).not.toBe(consume.npm.pid);
        // The job is through every stage, so each group has something to commit.
        const deadline = Date.now() + 60_000;
        let status = 'running';
        while (status === 'running' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          const row = await fixture.db.oneOrNone<{ status: string }>(
            'SELECT status FROM job_run WHERE job_id = $1',
            [jobId],
          );
          status = row?.status ?? 'running';
        }
        expect(status).toBe('success');

        const npmPid = consume.npm.pid as number;
        process.kill(target === 'npm' ? npmPid : -npmPid, signal);
        const tookMs = await timeToExit(nodePid, 10_000);
        expect(
          tookMs,
          `node ${nodePid} still running 10 s after ${signal}:\n${consume.output()}`,
        ).toBeDefined();
        expect(consume.output()).toMatch(/"msg":"shutting down: /);
        expect(consume.output()).toMatch(/"msg":"stopped"/);
        // Left the groups (no member remains) and committed everything it had consumed.
        expect(await groupStates()).toEqual(['Empty', 'Empty', 'Empty']);
        for (const stage of STAGES) {
          expect(await groupLag(fixture, stage, INPUTS[stage]), stage).toBe(0);
        }
      } finally {
        killLeftovers(consume.npm.pid, nodePid);
      }
    },
    240_000,
  );
});
