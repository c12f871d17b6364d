/**
 * Exact points (C-SCORE-1, C-GRADE-1). A point is never a float: every score is an integer number
 * of hundredths of a point (94.99 points = 9499), and a panel's mean is kept as an exact fraction
 * of hundredths (sum over number of sheets), compared by cross-multiplying. So 69.99 is
 * cultivating, 70 is growing, and a mean of 70, 70 and 69.99 (69.9966…) stays below 70.
 */

/** Hundredths of a point: 1 point = 100. */
export type Hundredths = number;

export const HUNDREDTHS_PER_POINT = 100;

/** An exact score: `numerator` hundredths divided by `denominator` (a whole number ≥ 1), kept reduced. */
export interface Exact {
  numerator: number;
  denominator: number;
}

const POINTS_TEXT = /^(\d{1,6})(?:\.(\d{1,2}))?$/;

/**
 * A point value as a caller writes it (a JSON number with at most two decimals: 7, 7.5, 7.25) in
 * hundredths, read from its decimal text so nothing is rounded; null for anything else (negative,
 * three decimals, exponent forms, not finite).
 */
export function pointsToHundredths(points: unknown): Hundredths | null {
  if (typeof points !== 'number' || !Number.isFinite(points) || points < 0) return null;
  const match = POINTS_TEXT.exec(String(points));
  if (!match) return null;
  return Number(match[1]) * HUNDREDTHS_PER_POINT + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Hundredths as points for display: 9499 → 94.99 (a JSON number; exact, since it has two decimals at most). */
export const toPoints = (h: Hundredths): number => h / HUNDREDTHS_PER_POINT;

const gcd = (a: number, b: number): number => {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x || 1;
};

/** `numerator / denominator` hundredths, reduced. */
export function exact(numerator: number, denominator = 1): Exact {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator < 1)
    throw new RangeError('an exact score is a whole number of hundredths over a whole number of sheets');
  const g = gcd(numerator, denominator);
  return { numerator: numerator / g, denominator: denominator / g };
}

/** The mean of whole hundredths, exactly. */
export const meanOf = (values: readonly Hundredths[]): Exact =>
  exact(
    values.reduce((a, b) => a + b, 0),
    Math.max(1, values.length),
  );

/** x ≥ h, without division. */
export const atLeast = (x: Exact, h: Hundredths): boolean => x.numerator >= h * x.denominator;

export const addExact = (a: Exact, b: Exact): Exact =>
  exact(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);

/** -1, 0 or 1. */
export const compareExact = (a: Exact, b: Exact): number => Math.sign(a.numerator * b.denominator - b.numerator * a.denominator);

/**
 * For display: the score truncated to hundredths (69.9966… shows 69.99). Truncation never shows a
 * score at a grade edge it has not reached, since every edge is a whole number of hundredths.
 */
export const displayPoints = (x: Exact): number => toPoints(Math.floor(x.numerator / x.denominator));

/** The exact score in points as text: '70', '94.99', or a fraction of points when the mean is not whole hundredths ('20999/300'). */
export function exactPointsText(x: Exact): string {
  if (x.denominator === 1) return String(toPoints(x.numerator));
  const p = exact(x.numerator, x.denominator * HUNDREDTHS_PER_POINT);
  return `${p.numerator}/${p.denominator}`;
}
