/**
 * The highest price believable in a currency, per unit of the asset. A bar above it is a
 * source's error (1e308, a misplaced decimal point in a feed), not a market move, so it is
 * rejected rather than stored and later used as the previous close of every spike check.
 *
 * The margins are wide on purpose: Bitcoin is about 1.6e8 KRW and the dearest listed share
 * (Berkshire Hathaway A) about 7e5 USD, so KRW allows 1e11 and USD 1e8, each more than a
 * hundred times today's dearest asset. A currency not listed gets 1e15, which still refuses
 * the absurd values and leaves room for currencies with large nominal prices (IDR, VND).
 */
const CEILINGS: Readonly<Record<string, number>> = {
  KRW: 1e11,
  JPY: 1e10,
  USD: 1e8,
  EUR: 1e8,
  GBP: 1e8,
  CHF: 1e8,
};

export const DEFAULT_PRICE_CEILING = 1e15;

/** The price ceiling of a currency code (ISO 4217, e.g. KRW). */
export function priceCeiling(currency: string | undefined): number {
  return (
    (currency === undefined ? undefined : CEILINGS[currency.toUpperCase()]) ?? DEFAULT_PRICE_CEILING
  );
}
