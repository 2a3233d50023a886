import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError, errorMessage } from '../errors.js';
import { type Asset, CATEGORIES, DEFAULT_CATALOG, MARKETS, SOURCES } from './assets.js';

const assetSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  category: z.enum(CATEGORIES),
  market: z.enum(MARKETS),
  currency: z.string().min(1),
  source: z.enum(SOURCES),
  sourceSymbol: z.string().min(1),
});

/**
 * The catalog of assets: the default seven, or a JSON array of assets from CATALOG_FILE
 * (`{ id, name, category, market, currency, source, sourceSymbol }` each).
 */
export function loadCatalog(file: string | undefined): readonly Asset[] {
  if (file === undefined) return DEFAULT_CATALOG;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError(
      'CONFIG_INVALID',
      `CATALOG_FILE ${file} cannot be read as JSON (${errorMessage(error)})`,
    );
  }
  const result = z.array(assetSchema).min(1).safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError(
      'CONFIG_INVALID',
      `CATALOG_FILE ${file} is not a list of assets: ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  const ids = new Set<string>();
  for (const asset of result.data) {
    if (ids.has(asset.id))
      throw new AppError('CONFIG_INVALID', `CATALOG_FILE ${file} lists asset ${asset.id} twice`);
    ids.add(asset.id);
  }
  return result.data;
}
