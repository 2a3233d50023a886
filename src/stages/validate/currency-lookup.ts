/**
 * An asset's currency by id, read from the catalog on first use and again when an id it has not
 * seen arrives (an asset added while the validator runs), at most once per `refreshAfterMs`.
 */
export function currencyLookup(
  load: () => Promise<Map<string, string>>,
  now: () => number,
  refreshAfterMs = 60_000,
): (assetId: string) => Promise<string | undefined> {
  let known: Map<string, string> | undefined;
  let loadedAt = Number.NEGATIVE_INFINITY;
  return async (assetId) => {
    if (known === undefined || (!known.has(assetId) && now() - loadedAt >= refreshAfterMs)) {
      known = await load();
      loadedAt = now();
    }
    return known.get(assetId);
  };
}
