import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../src/catalog/assets.js';
import { selectAssets } from '../../src/cli/cli-options.js';
import { parseHealthcheckArgs } from '../../src/cli/healthcheck-options.js';
import { parseReportArgs } from '../../src/cli/report-options.js';
import { parseScheduleArgs } from '../../src/cli/schedule-options.js';
import { AppError } from '../../src/errors.js';
import { runCli } from '../support/run-cli.js';

const today = '2026-02-12';

function failure(parse: () => unknown): AppError {
  try {
    parse();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the arguments to be refused');
}

describe('report arguments', () => {
  const parse =
    (...argv: string[]) =>
    () =>
      parseReportArgs(argv, { today });

  it('takes a range, assets, a source and an output file', () => {
    expect(
      parse(
        '--start',
        '2024-01-01',
        '--end',
        '2024-12-31',
        '--assets',
        'US500,005930',
        '--source',
        'sample',
        '--out',
        'docs/backfill-report.md',
      )(),
    ).toMatchObject({
      start: '2024-01-01',
      end: '2024-12-31',
      assetList: 'US500,005930',
      source: 'sample',
      out: 'docs/backfill-report.md',
    });
  });

  it.each([
    [['--start', '2024-02-30', '--end', '2024-03-01'], /--start must be a real date/],
    [['--start', '2024-03-02', '--end', '2024-03-01'], /--start 2024-03-02 is after --end/],
    [['--start', '2024-03-01', '--end', '2026-02-13'], /in the future \(today is 2026-02-12\)/],
    [['--start', '2024-03-01', '--end', '2024-03-02', '--source', 'bloomberg'], /unknown source/],
    [['--end', '2024-03-01'], /required option '--start <date>' not specified/],
  ])('refuses %j with one line (exit 2)', (argv, message) => {
    const error = failure(parse(...argv));
    expect(error.code).toBe('ARGUMENT_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
  });

  it('names an unknown asset with the valid ids', () => {
    const args = parse('--start', '2024-03-01', '--end', '2024-03-02', '--assets', 'X')();
    const error = failure(() => selectAssets(args?.assetList, DEFAULT_CATALOG));
    expect(error.code).toBe('UNKNOWN_ASSET');
    expect(error.message).toMatch(/unknown asset X; valid ids: 005930, /);
  });
});

describe('healthcheck arguments', () => {
  const clock = () => new Date('2026-02-12T09:00:00Z');

  it('defaults to the table, each asset own source, and the clock', () => {
    expect(parseHealthcheckArgs([], clock)).toEqual({
      json: false,
      source: undefined,
      now: clock(),
    });
  });

  it('takes --json, --source and a hidden --now for tests', () => {
    expect(
      parseHealthcheckArgs(
        ['--json', '--source', 'sample', '--now', '2025-01-01T00:00:00Z'],
        clock,
      ),
    ).toEqual({ json: true, source: 'sample', now: new Date('2025-01-01T00:00:00Z') });
  });

  it('refuses a --now that is no instant', () => {
    expect(failure(() => parseHealthcheckArgs(['--now', 'yesterday'], clock)).message).toMatch(
      /--now must be an ISO 8601 date-time/,
    );
  });
});

describe('schedule arguments', () => {
  it('defaults to 18:00 Asia/Seoul over the last 7 days', () => {
    expect(parseScheduleArgs([], { kafka: false })).toEqual({
      cron: '0 18 * * *',
      timeZone: 'Asia/Seoul',
      days: 7,
      source: undefined,
      logDir: 'logs',
      once: false,
      stopTimeoutSeconds: 300,
      healthcheckDelaySeconds: 0,
    });
    expect(parseScheduleArgs([], { kafka: true })?.healthcheckDelaySeconds).toBe(60);
  });

  it('takes a six-field pattern with seconds', () => {
    expect(
      parseScheduleArgs(['--cron', '*/2 * * * * *', '--timezone', 'UTC'], { kafka: false }),
    ).toMatchObject({ cron: '*/2 * * * * *', timeZone: 'UTC' });
  });

  it.each([
    [['--cron', '61 * * * *'], /--cron "61 \* \* \* \*" is not a valid cron pattern/],
    [['--cron', '2026-03-01T18:00:00'], /--cron must be a cron pattern of 5 fields/],
    [['--cron', '0 0 18 * * * 2027'], /--cron must be a cron pattern of 5 fields/],
    [['--timezone', 'Mars/Olympus'], /--timezone must be an IANA time zone/],
    [['--days', '0'], /--days.*must be an integer from 1 to 3650/],
    [['--source', 'naver'], /--source naver cannot serve the whole catalog/],
    [['--source', 'nasdaq'], /unknown source "nasdaq"/],
  ])('refuses %j', (argv, message) => {
    expect(failure(() => parseScheduleArgs(argv, { kafka: false })).message).toMatch(message);
  });
});

describe('the commands with bad arguments', () => {
  it.each([
    ['src/cli/report.ts', ['--start', '2024-01-10', '--end', '2024-01-01']],
    ['src/cli/healthcheck.ts', ['--now', 'soon']],
    ['src/cli/schedule.ts', ['--cron', 'every day']],
  ])('%s %j ends with exit code 2 and one line', async (entry, argv) => {
    const result = await runCli(entry, argv, {});
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});
