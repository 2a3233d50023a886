import type { Database } from './database.js';

/** Every asset's currency from the `asset` table, disabled ones included (their units may be in flight). */
export async function assetCurrencies(db: Database): Promise<Map<string, string>> {
  const rows = await db.any<{ id: string; currency: string }>('SELECT id, currency FROM asset');
  return new Map(rows.map((row) => [row.id, row.currency]));
}
