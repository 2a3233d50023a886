import type { Asset } from '../src/catalog/assets.js';

/** One asset kind per calendar, so a bench catalog exercises all three. */
const KINDS: readonly Pick<Asset, 'category' | 'market' | 'currency'>[] = [
  { category: 'stock', market: 'KRX', currency: 'KRW' },
  { category: 'index', market: 'US', currency: 'USD' },
  { category: 'crypto', market: 'CRYPTO', currency: 'KRW' },
];

/**
 * `count` synthetic assets (B0000, B0001, ...) taking turns over the kinds, all from the sample
 * source.
 */
export function benchCatalog(count: number): Asset[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `B${String(i).padStart(4, '0')}`;
    const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    return { id, name: `bench ${id}`, ...kind, source: 'sample', sourceSymbol: id };
  });
}
