import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with time, logger name, level and message', () => {
    const { lines, destination } = capture();
    const logger = createLogger({
      component: 'validator',
      level: 'info',
      format: 'json',
      destination,
    });
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
    const { lines, destination } = capture();
    const logger = createLogger({
      component: 'producer',
      level: 'info',
      format: 'json',
      destination,
    });
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
    const { lines, destination } = capture();
    const logger = createLogger({ component: 'sink', level: 'info', format: 'json', destination });
    logger.error({ err: new Error('boom') }, 'batch failed');
    expect(lines[0]).toMatchObject({
      msg: 'batch failed',
      err: { message: 'boom', type: 'Error' },
    });
  });
});
