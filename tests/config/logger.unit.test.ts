import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';

/** A JSON logger at level info for `component`, and the lines it wrote, parsed. */
function capturedLogger(component: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ component, level: 'info', format: 'json', destination });
  return { lines, logger };
}

describe('createLogger', () => {
  it('writes JSON lines with time, logger name, level and message', () => {
    const { lines, logger } = capturedLogger('validator');
    logger.info({ unitId: 'u1' }, 'unit validated');
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      name: 'validator',
      level: 'info',
      msg: 'unit validated',
      unitId: 'u1',
    });
    expect(Number.isNaN(Date.parse(String(line?.time)))).toBe(false);
  });

  it('redacts passwords, webhook URLs and connection strings', () => {
    const { lines, logger } = capturedLogger('producer');
    logger.info(
      {
        settings: {
          alertWebhookUrl: 'https://discord.com/api/webhooks/1/secret-token',
          databaseUrl: 'postgres://u:pw@h/db',
          kafka: { sasl: { password: 'p4ss' } },
        },
        password: 'top',
      },
      'started',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['secret-token', 'pw@h', 'p4ss', '"top"'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('puts errors under err with their message and stack', () => {
    const { lines, logger } = capturedLogger('sink');
    logger.error({ err: new Error('boom') }, 'batch failed');
    expect(lines[0]).toMatchObject({
      msg: 'batch failed',
      err: { message: 'boom', type: 'Error' },
    });
  });
});
