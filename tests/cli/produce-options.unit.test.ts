import { describe, expect, it } from 'vitest';
import { parseProduceArgs } from '../../src/cli/produce-options.js';
import { refusalOf } from '../config/refusal.js';

const today = '2026-11-26';
const parse = (...argv: string[]) => {
  const args = parseProduceArgs(argv, { today });
  if (args === undefined) throw new Error('--help was not asked for');
  return args;
};

const refusal = (...argv: string[]) => refusalOf(() => parse(...argv), 'the arguments');

describe('parseProduceArgs', () => {
  it('takes a window over the whole catalog with the defaults', () => {
    const args = parse('--start', '2026-02-02', '--end', '2026-02-11');
    expect(args.assets).toHaveLength(7);
    expect(args).toMatchObject({ chunkDays: 365, jobName: 'produce', source: undefined });
  });

  it('takes assets, source, job name and chunk size', () => {
    const args = parse(
      '--start=2026-02-02',
      '--end=2026-02-11',
      '--assets',
      'BTC/KRW, 005930',
      '--source',
      'sample',
      '--job-name',
      'backfill',
      '--chunk-days',
      '30',
    );
    expect(args.assets.map((a) => a.id)).toEqual(['BTC/KRW', '005930']);
    expect(args).toMatchObject({ source: 'sample', jobName: 'backfill', chunkDays: 30 });
  });

  it.each([
    [
      ['--start', '2026-02-11', '--end', '2026-02-01'],
      /--start 2026-02-11 is after --end 2026-02-01/,
    ],
    [
      ['--start', '2026-02-30', '--end', '2026-03-01'],
      /--start must be a real date as YYYY-MM-DD \(got "2026-02-30"\)/,
    ],
    [
      ['--start', '2026-02-01', '--end', '2026-11-27'],
      /--end 2026-11-27 is in the future \(today is 2026-11-26\)/,
    ],
    [['--start', '2026-02-01'], /required option '--end <date>' not specified/],
    [
      ['--start', '2026-02-01', '--end', '2026-02-02', '--chunk-days', '0'],
      /--chunk-days.*must be an integer from 1 to 3650/,
    ],
    [
      ['--start', '2026-02-01', '--end', '2026-02-02', '--source', 'bloomberg'],
      /unknown source "bloomberg"; valid sources: naver, yahoo, upbit, csv, sample/,
    ],
    [
      ['--start', '2026-02-01', '--end', '2026-02-02', '--source', 'csv'],
      /--source csv needs --csv-path/,
    ],
    [
      ['--start', '2026-02-01', '--end', '2026-02-02', '--source', 'upbit'],
      /005930, 000660, 069500, KS11, US500, GC=F cannot be fetched from upbit/,
    ],
  ])('refuses %j with one line saying what is wrong', (argv, expected) => {
    const error = refusal(...argv);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain('\n');
  });

  it('names an unknown asset together with the valid ids', () => {
    const error = refusal('--start', '2026-02-01', '--end', '2026-02-02', '--assets', 'NOPE');
    expect(error.code).toBe('UNKNOWN_ASSET');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'unknown asset NOPE; valid ids: 005930, 000660, 069500, KS11, US500, BTC/KRW, GC=F',
    );
  });
});

describe('parseProduceArgs refuses at parse time what used to fail after the job started', () => {
  it.each([
    [['--job-name', ''], /^--job-name must be 1 to 100 characters \(got ""\)$/],
    [['--job-name', '   '], /--job-name must be 1 to 100 characters/],
    [['--job-name', 'x'.repeat(101)], /--job-name must be 1 to 100 characters/],
  ])('refuses %j', (extra, expected) => {
    const error = refusal('--start', '2026-02-02', '--end', '2026-02-11', ...extra);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(expected);
  });

  it('refuses a start before 1900-01-01, and takes 1900-01-01 itself', () => {
    const error = refusal('--start', '0000-01-01', '--end', '2026-02-11');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      '--start 0000-01-01 is before 1900-01-01; no source has daily bars that old',
    );
    expect(parse('--start', '1900-01-01', '--end', '1900-12-31').start).toBe('1900-01-01');
  });

  it('refuses a job of more than 5,000 units and names a chunk size that fits', () => {
    const error = refusal('--start', '1976-11-27', '--end', '2026-11-26', '--chunk-days', '1');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /^7 asset\(s\) over 1976-11-27\.\.2026-11-26 in chunks of 1 day\(s\) make 12783\d units, more than 5000 in one job; use --chunk-days (\d+) or more/,
    );
    const suggested = Number(/--chunk-days (\d+) or more/.exec(error.message)?.[1]);
    const args = parse(
      '--start',
      '1976-11-27',
      '--end',
      '2026-11-26',
      '--chunk-days',
      String(suggested),
    );
    expect(args.chunkDays).toBe(suggested);
    // One day less would not fit: the suggestion is the smallest.
    expect(() =>
      parse('--start', '1976-11-27', '--end', '2026-11-26', '--chunk-days', String(suggested - 1)),
    ).toThrow(/more than 5000 in one job/);
  });

  it('takes 50 years of the whole catalog in the default yearly chunks', () => {
    expect(parse('--start', '1976-11-27', '--end', '2026-11-26').chunkDays).toBe(365);
  });
});
