import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-cli.js';

const run = promisify(execFile);
const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));

// promtool comes with Debian's `prometheus` package, which .ci/run installs; on a laptop
// without it the test skips, under CI=true it fails.
if (PROMTOOL === undefined && process.env.CI === 'true') {
  throw new Error('CI=true and promtool is missing: apt-get install prometheus (see .ci/run)');
}

describe.skipIf(PROMTOOL === undefined)('deploy/prometheus with promtool', () => {
  it('the scrape configuration and the rule files it names are valid', async () => {
    const { stdout } = await run(
      PROMTOOL as string,
      ['check', 'config', 'deploy/prometheus/prometheus.yml'],
      { cwd: REPO_ROOT },
    );
    expect(stdout).toContain('SUCCESS: 6 rules found');
  });

  it('every alerting rule fires on its case and stays quiet on the other (alerts.test.yml)', async () => {
    const { stdout, stderr } = await run(
      PROMTOOL as string,
      ['test', 'rules', 'deploy/prometheus/alerts.test.yml'],
      { cwd: REPO_ROOT },
    ).catch((error: { stdout: string; stderr: string }) => error);
    expect(`${stdout}${stderr}`).toContain('SUCCESS');
    expect(`${stdout}${stderr}`).not.toContain('FAILED');
  }, 120_000);
});
