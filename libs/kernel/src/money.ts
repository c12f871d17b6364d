/**
 * Money is integer fen (docs/rules.md: 1 yuan = 100 fen, never floating point). Amounts in the
 * rule set are whole yuan (¥100, ¥500, ¥1,000–3,000) and become fen once, here; everything
 * after that adds and compares integers.
 */

/** An amount of money in fen: a safe, non-negative integer. Fields holding one end in `Fen`. */
export type Fen = number;

/** Throws a RangeError unless `n` is a safe non-negative integer (¥1.005 or NaN never become money). */
export function assertFen(n: unknown, what = 'amount'): asserts n is Fen {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a whole, non-negative number of fen, got ${String(n)}`);
  }
}

/** True when `n` is a valid amount of fen. */
export function isFen(n: unknown): n is Fen {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Whole yuan from the rule set → fen: yuanToFen(100) = 10000. Fractions of a yuan are refused. */
export function yuanToFen(yuan: number): Fen {
  if (typeof yuan !== 'number' || !Number.isSafeInteger(yuan) || yuan < 0) {
    throw new RangeError(`yuan must be a whole, non-negative number, got ${String(yuan)}`);
  }
  const fen = yuan * 100;
  assertFen(fen, `${yuan} yuan in fen`);
  return fen;
}

/** Sum of amounts in fen; throws if an amount is not fen or the sum leaves the safe range. */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0;
  for (const a of amounts) {
    assertFen(a);
    total += a;
    assertFen(total, 'sum');
  }
  return total;
}

/** `fen` × a whole count (e.g. "¥100 each" for the 3rd and later repeat). */
export function multiplyFen(fen: Fen, count: number): Fen {
  assertFen(fen);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${count}`);
  const product = fen * count;
  assertFen(product, 'product');
  return product;
}

/**
 * For display only: 100000 → '¥1,000.00', 5 → '¥0.05', -150 → '-¥1.50'. Built from the
 * integer's digits, so no floating-point division touches the amount.
 */
export function formatFen(fen: Fen): string {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) {
    throw new RangeError(`amount must be a whole number of fen, got ${String(fen)}`);
  }
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${yuan}.${digits.slice(-2)}`;
}
