import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { envSchema, loadSettings } from '../../src/config/settings.js';
import { REPO_ROOT } from '../support/run-cli.js';

const example = parse(readFileSync(`${REPO_ROOT}.env.example`, 'utf8'));

describe('.env.example', () => {
  it('documents exactly the variables the settings read', () => {
    expect(Object.keys(example).sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('holds values the settings accept as they are', () => {
    const settings = loadSettings(example);
    expect(settings.kafka.brokers).toEqual(['localhost:9092']);
    expect(settings.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/market');
  });
});
