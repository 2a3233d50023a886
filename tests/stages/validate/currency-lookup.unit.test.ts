import { describe, expect, it } from 'vitest';
import { currencyLookup } from '../../../src/stages/validate/currency-lookup.js';

describe('an asset currency looked up in the catalog', () => {
  function catalog() {
    const state = { loads: 0, now: 0, rows: new Map([['005930', 'KRW']]) };
    const lookup = currencyLookup(
      async () => {
        state.loads += 1;
        return new Map(state.rows);
      },
      () => state.now,
      60_000,
    );
    return { state, lookup };
  }

  it('reads the catalog once for the ids it knows', async () => {
    const { state, lookup } = catalog();
    expect(await lookup('005930')).toBe('KRW');
    expect(await lookup('005930')).toBe('KRW');
    expect(state.loads).toBe(1);
  });

  it('reads it again for an id added since, at most once a minute', async () => {
    const { state, lookup } = catalog();
    await lookup('005930');
    state.rows.set('AAPL', 'USD');
    state.now = 59_999;
    expect(await lookup('AAPL')).toBeUndefined();
    state.now = 60_000;
    expect(await lookup('AAPL')).toBe('USD');
    expect(state.loads).toBe(2);
  });
});
