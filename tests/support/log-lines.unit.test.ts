import { describe, expect, it } from 'vitest';
import { jobIdIn, loggedJobId, logLines } from './log-lines.js';

const JOB = '0b7c2a40-0f6e-4a8e-9d2b-2c1f5d0a9e11';

describe('log lines', () => {
  it('reads the jobId field of the first line carrying one, whatever the text says', () => {
    const output = [
      '{"level":30,"msg":"kafka mode: publishing to localhost:9092"}',
      `{"level":30,"jobId":"${JOB}","msg":"job started"}`,
      '{"level":30,"jobId":"another","msg":"job published"}',
    ].join('\n');
    expect(loggedJobId(output)).toBe(JOB);
    expect(jobIdIn(output)).toBe(JOB);
  });

  it('skips text that is not a JSON line, and lines cut by interleaved output', () => {
    const output = `npm warn something\n{"level":30,"jobId":"${JOB}"\n{"msg":"ok"}\n`;
    expect(logLines(output)).toEqual([{ msg: 'ok' }]);
    expect(loggedJobId(output)).toBeUndefined();
  });

  it('fails naming the output when no line has a jobId field', () => {
    expect(() => jobIdIn(`job ${JOB} started`)).toThrow(/no jobId field.*\n.*started/);
  });
});
