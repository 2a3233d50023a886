import type { IBaseProtocol } from 'pg-promise';
import type { Asset } from '../catalog/assets.js';

/**
 *   INSERT INTO asset (...) VALUES (...)
 *   ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, ..., active = true
 *
 * Adds an asset to the catalog, or updates and re-enables the one with its id. Returns whether
 * the row is new.
 */
export async function upsertAsset(db: IBaseProtocol<unknown>, asset: Asset): Promise<boolean> {
  const { inserted } = await db.one<{ inserted: boolean }>(
    `INSERT INTO asset (id, name, category, market, currency, source, source_symbol)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, category = EXCLUDED.category, market = EXCLUDED.market,
       currency = EXCLUDED.currency, source = EXCLUDED.source,
       source_symbol = EXCLUDED.source_symbol, active = true
     RETURNING (xmax = 0) AS inserted`,
    [
      asset.id,
      asset.name,
      asset.category,
      asset.market,
      asset.currency,
      asset.source,
      asset.sourceSymbol,
    ],
  );
  return inserted;
}
