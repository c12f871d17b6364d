/**
 * Quarterly scoring (Ch. 6) as pure functions: a member's points from its evidence (M-SCORE-1..6) and the quarter's
 * close for the whole cohort (M-SCORE-8..10). No I/O, no clock: the scheme in force comes in as data (M-SCORE-7).
 * Rates are exact fractions compared by cross-multiplication, never floats (M-SCORE-6).
 */
import { AWARDS, type Award, type RateBand, type ScoringScheme } from '../rules/scoring-scheme';

export interface ScoreInputs {
  /** M-SCORE-1: community activities attended of those held in the period; whole, held ≥ 1, 0 ≤ attended ≤ held. */
  attendance: { attended: number; held: number };
  /** M-SCORE-2: milestones done of those planned; whole, planned ≥ 1, done ≥ 0 (more than planned is still the top band). */
  completion: { done: number; planned: number };
  /** M-SCORE-3: revenue against the target, in integer fen; actualFen ≥ 0, targetFen ≥ 1 (above target is the top band). */
  revenue: { actualFen: number; targetFen: number };
  /** M-SCORE-4: the highest award of the period. */
  highestAward: Award;
  /** M-SCORE-5: contributions in the period; whole ≥ 0. */
  contributions: number;
}

export interface DimensionPoints {
  attendance: number;
  completion: number;
  revenue: number;
  awards: number;
  contributions: number;
}

const wholeAtLeast = (value: unknown, min: number, field: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${field} must be a whole number ≥ ${min}, got ${String(value)}`);
  return value;
};

/** n·b.den against b.num·d, exact: in numbers while the products are safe integers, in BigInt beyond. */
const compareRate = (n: number, d: number, band: RateBand): number => {
  const left = n * band.from.den;
  const right = band.from.num * d;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return Math.sign(left - right);
  const l = BigInt(n) * BigInt(band.from.den);
  const r = BigInt(band.from.num) * BigInt(d);
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Whether n/d is in the band (≥ or > its `from`). n, d whole, d ≥ 1. */
export function inBand(n: number, d: number, band: RateBand): boolean {
  wholeAtLeast(n, 0, 'n');
  wholeAtLeast(d, 1, 'd');
  const c = compareRate(n, d, band);
  return band.inclusive ? c >= 0 : c > 0;
}

/** The points of the first band (best first) that holds; none holding scores 0 (a sound scheme ends with a 0-inclusive band). */
const bandPoints = (n: number, d: number, bands: readonly RateBand[]): number => bands.find((b) => inBand(n, d, b))?.points ?? 0;

/**
 * The points per dimension and the total (M-SCORE-1..6), exact: rates compared by cross-multiplication (BigInt where a
 * product could pass 2^53), never floats. Throws a RangeError naming the field for inputs outside their domain (the
 * HTTP layer validates first).
 */
export function scoreOf(inputs: ScoreInputs, scheme: ScoringScheme): { points: DimensionPoints; total: number } {
  const held = wholeAtLeast(inputs.attendance?.held, 1, 'attendance.held');
  const attended = wholeAtLeast(inputs.attendance?.attended, 0, 'attendance.attended');
  // M-SCORE-1: a participation rate is a share of the activities held; more attended than held is a data error.
  if (attended > held) throw new RangeError(`attendance.attended (${attended}) must not exceed attendance.held (${held})`);
  const planned = wholeAtLeast(inputs.completion?.planned, 1, 'completion.planned');
  const done = wholeAtLeast(inputs.completion?.done, 0, 'completion.done');
  const targetFen = wholeAtLeast(inputs.revenue?.targetFen, 1, 'revenue.targetFen');
  const actualFen = wholeAtLeast(inputs.revenue?.actualFen, 0, 'revenue.actualFen');
  if (!(AWARDS as readonly unknown[]).includes(inputs.highestAward))
    throw new RangeError(`highestAward must be one of ${AWARDS.join(', ')}, got ${String(inputs.highestAward)}`);
  const contributions = wholeAtLeast(inputs.contributions, 0, 'contributions');

  const d = scheme.dimensions;
  const points: DimensionPoints = {
    attendance: bandPoints(attended, held, d.attendance.bands),
    completion: bandPoints(done, planned, d.completion.bands),
    revenue: bandPoints(actualFen, targetFen, d.revenue.bands),
    awards: d.awards.points[inputs.highestAward],
    contributions: d.contributions.steps.find((s) => contributions >= s.atLeast)?.points ?? 0,
  };
  const total = points.attendance + points.completion + points.revenue + points.awards + points.contributions;
  return { points, total };
}

export interface Entry {
  memberId: string;
  total: number;
}

export interface Outcome {
  memberId: string;
  total: number;
  /** 1 = best; equal totals share a rank (1, 2, 2, 4). */
  rank: number;
  eliminated: boolean;
  /**
   * Every rule that applies, e.g. ['M-SCORE-8: total 55 < 60', 'M-SCORE-10: third consecutive quarter below 70']; a
   * member put on the warning list has its M-SCORE-10 reason too (not eliminated).
   */
  reasons: string[];
  /** Consecutive quarters below warningBelow up to and including this one (0 when this one is at or above). */
  warningRun: number;
  onWarningList: boolean;
}

export interface CohortDecision {
  /** Members scored. */
  cohort: number;
  /** The percent used (M-SCORE-9, by the cohort's size). */
  share: number;
  /** floor(cohort × percent / 100), integer arithmetic. */
  cut: number;
  /** The lowest total kept by M-SCORE-9 (the total at the first position above the cut); null when cut = 0. */
  cutTotal: number | null;
  /** Best first; ties by memberId (code-unit order) for a stable order. */
  ranking: Outcome[];
  /** In ranking order. */
  eliminated: string[];
  /** In ranking order. */
  warningList: string[];
  /** Mean and median as reduced fractions (0/1 for an empty cohort); counts per statsBands lower bound, the last open-ended. */
  stats: {
    mean: { num: number; den: number };
    median: { num: number; den: number };
    distribution: { from: number; count: number }[];
  };
}

const gcd = (a: number, b: number): number => {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
};

const reduced = (num: number, den: number): { num: number; den: number } => {
  if (num === 0) return { num: 0, den: 1 };
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
};

const ORDINALS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (n: number): string => ORDINALS[n] ?? `${n}th`;

/** M-SCORE-9: the bySize entry with the largest fromCohort ≤ the cohort's size, else the base percent. */
const shareFor = (cohort: number, scheme: ScoringScheme): number => {
  let share = scheme.bottomShare.percent;
  let from = 0;
  for (const s of scheme.bottomShare.bySize)
    if (s.fromCohort <= cohort && s.fromCohort >= from) [share, from] = [s.percent, s.fromCohort];
  return share;
};

/**
 * The quarter's close for the whole cohort (M-SCORE-8..10):
 * - total < eliminationBelow → eliminated (M-SCORE-8);
 * - M-SCORE-9 [choice]: rank every member scored (those below 60 included); cut = floor(N × share%); the members in the cut
 *   lowest positions are eliminated, except that members whose total equals the total of the first position above the cut
 *   are all kept (nobody is eliminated by a coin toss); only those with a total ≥ eliminationBelow get this reason (below 60
 *   they are eliminated by M-SCORE-8 already). A member below 60 in the cut takes a cut position all the same.
 * - M-SCORE-10: warningRun = previous run + 1 when total < warningBelow, else 0; run ≥ warningAfter → onWarningList;
 *   run ≥ eliminateAfter → eliminated ("not improved" = still below 70); a quarter at or above clears the run and the warning;
 *   an eliminated member is not on the warning list.
 * Every reason that applies is listed (M-SCORE-8 or M-SCORE-9, and M-SCORE-10).
 * `previousRuns`: each member's warningRun after the previous quarter (absent: 0).
 * Throws a RangeError for a repeated memberId, a total or run that is not a whole number ≥ 0, or a share outside 0..99.
 */
export function closeCohort(
  entries: Entry[],
  previousRuns: Readonly<Record<string, number>>,
  scheme: ScoringScheme,
): CohortDecision {
  const seen = new Set<string>();
  for (const e of entries) {
    if (typeof e.memberId !== 'string' || e.memberId === '') throw new RangeError('memberId must be a non-empty string');
    if (seen.has(e.memberId)) throw new RangeError(`memberId ${e.memberId} is scored twice`);
    seen.add(e.memberId);
    wholeAtLeast(e.total, 0, `total of ${e.memberId}`);
    if (Object.prototype.hasOwnProperty.call(previousRuns, e.memberId))
      wholeAtLeast(previousRuns[e.memberId], 0, `previousRuns of ${e.memberId}`);
  }

  const sorted = [...entries].sort(
    (a, b) => b.total - a.total || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0),
  );
  const cohort = sorted.length;
  const share = shareFor(cohort, scheme);
  if (!Number.isSafeInteger(share) || share < 0 || share >= 100)
    throw new RangeError(`bottomShare percent must be 0..99, got ${share}`);
  const product = cohort * share;
  const cut = (product - (product % 100)) / 100;
  // share < 100 keeps cut < cohort, so a first position above the cut exists whenever cut > 0.
  const cutTotal = cut > 0 ? sorted[cohort - cut - 1].total : null;

  const { eliminationBelow, warningBelow, warningAfter, eliminateAfter } = scheme;
  const ranking: Outcome[] = sorted.map((e, i) => {
    const rank = i > 0 && sorted[i - 1].total === e.total ? -1 : i + 1;
    const reasons: string[] = [];
    let eliminated = false;
    if (e.total < eliminationBelow) {
      eliminated = true;
      reasons.push(`M-SCORE-8: total ${e.total} < ${eliminationBelow}`);
    } else if (cutTotal !== null && i >= cohort - cut && e.total < cutTotal) {
      eliminated = true;
      reasons.push(
        `M-SCORE-9: position ${i + 1} of ${cohort}, in the bottom ${share} % (${cut} position${cut === 1 ? '' : 's'}), total ${e.total} < ${cutTotal} (the lowest kept)`,
      );
    }
    const previous = Object.prototype.hasOwnProperty.call(previousRuns, e.memberId) ? previousRuns[e.memberId] : 0;
    const warningRun = e.total < warningBelow ? previous + 1 : 0;
    if (warningRun >= eliminateAfter) {
      eliminated = true;
      reasons.push(`M-SCORE-10: ${ordinal(warningRun)} consecutive quarter below ${warningBelow}`);
    } else if (warningRun >= warningAfter && !eliminated) {
      reasons.push(`M-SCORE-10: ${ordinal(warningRun)} consecutive quarter below ${warningBelow}, on the warning list`);
    }
    const onWarningList = warningRun >= warningAfter && !eliminated;
    return { memberId: e.memberId, total: e.total, rank, eliminated, reasons, warningRun, onWarningList };
  });
  // Equal totals share the rank of the first of them.
  ranking.forEach((o, i) => {
    if (o.rank === -1) o.rank = ranking[i - 1].rank;
  });

  const totals = sorted.map((e) => e.total).reverse(); // ascending
  const sum = totals.reduce((a, b) => a + b, 0);
  const mid = cohort >> 1;
  const mean = cohort === 0 ? { num: 0, den: 1 } : reduced(sum, cohort);
  const median =
    cohort === 0 ? { num: 0, den: 1 } : cohort % 2 === 1 ? reduced(totals[mid], 1) : reduced(totals[mid - 1] + totals[mid], 2);
  const bands = scheme.statsBands;
  const distribution = bands.map((from, i) => ({
    from,
    count: totals.filter((t) => t >= from && (i === bands.length - 1 || t < bands[i + 1])).length,
  }));

  return {
    cohort,
    share,
    cut,
    cutTotal,
    ranking,
    eliminated: ranking.filter((o) => o.eliminated).map((o) => o.memberId),
    warningList: ranking.filter((o) => o.onWarningList).map((o) => o.memberId),
    stats: { mean, median, distribution },
  };
}
