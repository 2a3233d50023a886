import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../support/cli-env.js';
import { requireServices } from '../support/integration.js';
import { createPipelineFixture, type PipelineFixture } from '../support/pipeline-fixture.js';
import { type RunningCli, runCli } from '../support/run-cli.js';

const { services, skip } = requireServices('kafka', 'registry', 'postgres');

const CHECKSUM = `SELECT count(*)::int AS rows, md5(string_agg(
    concat_ws('|', asset_id, date, source, open, high, low, close, volume, array_to_string(flags, ',')),
    E'\\n' ORDER BY asset_id, date, source)) AS checksum
  FROM price_daily`;

describe.skipIf(skip)('replay rebuilds price_daily from ohlcv.raw', () => {
  let fixture: PipelineFixture;
  let consumers: RunningCli;

  async function finished(jobName: string, count: number) {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const jobs = await fixture.db.any<{
        status: string;
        units_planned: number;
        units_stored: number;
        rows_written: number;
      }>(
        `SELECT status, units_planned, units_stored, rows_written FROM job_run WHERE job_name = $1 AND status <> 'running'`,
        [jobName],
      );
      if (jobs.length >= count) return jobs;
      if (Date.now() > deadline)
        throw new Error(`no finished ${jobName} job:\n${consumers.output().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  beforeAll(async () => {
    fixture = await createPipelineFixture(services);
    consumers = await fixture.startConsumers();
  });

  afterAll(async () => {
    await fixture?.cleanup();
  });

  it('gives the same checksum after a 3-year backfill, emptying price_daily and replaying', {
    timeout: 240_000,
  }, async () => {
    const backfill = await runCli(
      'src/cli/produce.ts',
      [
        '--start',
        '2023-02-11',
        '--end',
        '2026-02-11',
        '--source',
        'sample',
        '--job-name',
        'backfill',
      ],
      cliEnv(fixture),
    );
    expect(backfill.code, backfill.stderr).toBe(0);
    const [job] = await finished('backfill', 1);
    expect(job?.status).toBe('success');
    const before = await fixture.db.one<{ rows: number; checksum: string }>(CHECKSUM);
    expect(before.rows).toBeGreaterThan(5000);

    await fixture.db.none('TRUNCATE price_daily');
    expect((await fixture.db.one<{ rows: number }>(CHECKSUM)).rows).toBe(0);

    const validatorGroup = `${fixture.settings.kafka.topicPrefix}market-collector.validator`;
    const committed = async () => {
      const admin = fixture.kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchOffsets({ groupId: validatorGroup, topics: [fixture.topics.raw] });
      } finally {
        await admin.disconnect();
      }
    };
    const offsetsBefore = await committed();

    const replayed = await runCli(
      'src/cli/replay.ts',
      ['--from', '2000-01-01', '--stage', 'all'],
      cliEnv(fixture),
      180_000,
    );
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(/replay [0-9a-f-]{36} done: \d+ unit\(s\)/);
    expect(await fixture.db.one(CHECKSUM)).toEqual(before);

    const [replayJob] = await finished('replay', 1);
    expect(replayJob).toMatchObject({
      status: 'success',
      units_planned: job?.units_planned,
      rows_written: before.rows,
    });

    // The live group's offsets did not move, and the replay's throwaway group is gone.
    expect(await committed()).toEqual(offsetsBefore);
    const admin = fixture.kafka.admin();
    await admin.connect();
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
    await admin.disconnect();
    expect(
      groups.filter((id) =>
        id.startsWith(`${fixture.settings.kafka.topicPrefix}market-collector.replay`),
      ),
    ).toEqual([]);
  });
});
