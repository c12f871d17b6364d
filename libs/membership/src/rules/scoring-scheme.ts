/**
 * The quarterly scoring scheme (Ch. 6) as data. Weights, bands and thresholds live here, not in
 * code: the community may change them by phase (M-SCORE-7), so a revised scheme is a new version
 * and every score records the version that made it.
 */
import type { VersionedRules } from '@opc/kernel';

/** An exact rate: 4/5 = 80 %. Whole numbers, den ≥ 1. */
export interface Fraction {
  num: number;
  den: number;
}

/** A rate band: the rate is ≥ (inclusive) or > (exclusive) `from`. Bands are listed best first; the first that holds gives the points. */
export interface RateBand {
  from: Fraction;
  inclusive: boolean;
  points: number;
}

export const AWARDS = ['national', 'provincial', 'industry-high', 'municipal', 'industry-low', 'none'] as const;
/**
 * The highest award of the period (M-SCORE-4). The source names "industry-level" awards in two tiers
 * (with provincial and with municipal ones): the scorer picks the tier from the awarding body's rank.
 */
export type Award = (typeof AWARDS)[number];

export interface ScoringScheme extends VersionedRules {
  id: 'scoring';
  /** M-SCORE-7: scored per quarter (the source's default) or per month (the seed allows it): data, not code. */
  period: 'quarter' | 'month';
  dimensions: {
    /** M-SCORE-1: > 80 % → 10; 60–80 % (80 included) → 5; < 60 % → 0. */
    attendance: { max: number; bands: RateBand[] };
    /** M-SCORE-2: 100 % → 25; 80–100 % → 20; 60–80 % → 15; < 60 % → 0 (M-SCORE-6: a lower bound belongs to its band). */
    completion: { max: number; bands: RateBand[] };
    /** M-SCORE-3: 100 % → 30; 80–100 % → 24; 60–80 % → 18; < 60 % → 0 (M-SCORE-6). */
    revenue: { max: number; bands: RateBand[] };
    /** M-SCORE-4: national 15; provincial / industry-high 10; municipal / industry-low 5; none 0. */
    awards: { max: number; points: Record<Award, number> };
    /** M-SCORE-5: ≥ 3 → 20; 2 → 15; 1 → 10; 0 → 0. Steps listed best first; the first with `atLeast` ≤ count gives the points. */
    contributions: { max: number; steps: { atLeast: number; points: number }[] };
  };
  /** M-SCORE-8: a total below this is eliminated. */
  eliminationBelow: number;
  /**
   * M-SCORE-9: the bottom share of the ranking is eliminated (a whole percent, 0 ≤ percent < 100); the share may
   * depend on the cohort's size: the entry with the largest `fromCohort` ≤ the cohort's size replaces `percent`.
   */
  bottomShare: { percent: number; bySize: { fromCohort: number; percent: number }[] };
  /** M-SCORE-10: below this a quarter counts toward the warning run … */
  warningBelow: number;
  /** … this many consecutive quarters put the member on the warning list … */
  warningAfter: number;
  /** … and this many eliminate it (not improved = still below warningBelow). */
  eliminateAfter: number;
  /** M-APL-1 / M-SCORE-11: the scores' publicity, in working days. */
  publicityWorkingDays: number;
  /** Dashboards: the score bands the cohort's distribution is counted in (lower bounds, ascending, the first 0). */
  statsBands: number[];
}

const ALL: Fraction = { num: 1, den: 1 };
const FOUR_FIFTHS: Fraction = { num: 4, den: 5 };
const THREE_FIFTHS: Fraction = { num: 3, den: 5 };
const ZERO: Fraction = { num: 0, den: 1 };

/** The source table (Ch. 6 第一条, 第二条) as it took effect on 2026-04-01 (seed 001). */
export const SCORING_SCHEME_V1: ScoringScheme = {
  id: 'scoring',
  version: 1,
  effectiveFrom: '2026-04-01',
  // Ch. 6: "每季度末进行考核（可按月度辅助评分）" — quarterly; a published version may say 'month'.
  period: 'quarter',
  dimensions: {
    // M-SCORE-1: "参与率达 80%以上" → 10 (80 % itself is in the next band: "60%-80%（含 80%）"); below 60 % → 0, so 60 % → 5.
    attendance: {
      max: 10,
      bands: [
        { from: FOUR_FIFTHS, inclusive: false, points: 10 },
        { from: THREE_FIFTHS, inclusive: true, points: 5 },
        { from: ZERO, inclusive: true, points: 0 },
      ],
    },
    // M-SCORE-2, M-SCORE-6: a lower bound belongs to its band (exactly 80 % → 20, exactly 60 % → 15); above 100 % stays 25.
    completion: {
      max: 25,
      bands: [
        { from: ALL, inclusive: true, points: 25 },
        { from: FOUR_FIFTHS, inclusive: true, points: 20 },
        { from: THREE_FIFTHS, inclusive: true, points: 15 },
        { from: ZERO, inclusive: true, points: 0 },
      ],
    },
    // M-SCORE-3, M-SCORE-6: the same edges; revenue above target stays 30.
    revenue: {
      max: 30,
      bands: [
        { from: ALL, inclusive: true, points: 30 },
        { from: FOUR_FIFTHS, inclusive: true, points: 24 },
        { from: THREE_FIFTHS, inclusive: true, points: 18 },
        { from: ZERO, inclusive: true, points: 0 },
      ],
    },
    // M-SCORE-4: the highest award of the period.
    awards: {
      max: 15,
      points: { national: 15, provincial: 10, 'industry-high': 10, municipal: 5, 'industry-low': 5, none: 0 },
    },
    // M-SCORE-5
    contributions: {
      max: 20,
      steps: [
        { atLeast: 3, points: 20 },
        { atLeast: 2, points: 15 },
        { atLeast: 1, points: 10 },
        { atLeast: 0, points: 0 },
      ],
    },
  },
  eliminationBelow: 60,
  bottomShare: { percent: 10, bySize: [] },
  warningBelow: 70,
  warningAfter: 2,
  eliminateAfter: 3,
  publicityWorkingDays: 3,
  statsBands: [0, 60, 70, 80, 90],
};

const whole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const below = (a: Fraction, b: Fraction): boolean => BigInt(a.num) * BigInt(b.den) < BigInt(b.num) * BigInt(a.den);

/**
 * M-SCORE-7: what is wrong with a scheme before it may be published (empty when it is sound): whole points within
 * each dimension's max, bands best first with strictly falling edges and the last catching every rate ≥ 0, a
 * whole percent below 100, ascending thresholds. Scoring assumes a sound scheme.
 */
export function schemeProblems(scheme: ScoringScheme): string[] {
  const problems: string[] = [];
  const { dimensions: d } = scheme;
  const rated = { attendance: d.attendance, completion: d.completion, revenue: d.revenue };
  for (const [name, dim] of Object.entries(rated)) {
    if (!whole(dim.max)) problems.push(`${name}.max must be a whole number ≥ 0`);
    if (dim.bands.length === 0) problems.push(`${name}.bands must not be empty`);
    dim.bands.forEach((b, i) => {
      if (!whole(b.from.num) || !whole(b.from.den) || b.from.den < 1)
        problems.push(`${name}.bands[${i}].from must be a whole fraction`);
      if (!whole(b.points) || b.points > dim.max) problems.push(`${name}.bands[${i}].points must be whole, 0..${dim.max}`);
      const prev = dim.bands[i - 1];
      if (prev && !below(b.from, prev.from)) problems.push(`${name}.bands[${i}] must start below the band before it`);
      if (prev && b.points > prev.points) problems.push(`${name}.bands[${i}] must not give more than the band before it`);
    });
    const last = dim.bands[dim.bands.length - 1];
    if (last && !(last.from.num === 0 && last.inclusive)) problems.push(`${name}: the last band must start at 0, inclusive`);
  }
  if (!whole(d.awards.max)) problems.push('awards.max must be a whole number ≥ 0');
  for (const award of AWARDS) {
    const p = d.awards.points[award];
    if (!whole(p) || p > d.awards.max) problems.push(`awards.points.${award} must be whole, 0..${d.awards.max}`);
  }
  const { steps } = d.contributions;
  if (!whole(d.contributions.max)) problems.push('contributions.max must be a whole number ≥ 0');
  steps.forEach((s, i) => {
    if (!whole(s.atLeast)) problems.push(`contributions.steps[${i}].atLeast must be a whole number ≥ 0`);
    if (!whole(s.points) || s.points > d.contributions.max)
      problems.push(`contributions.steps[${i}].points must be whole, 0..${d.contributions.max}`);
    const prev = steps[i - 1];
    if (prev && !(s.atLeast < prev.atLeast && s.points <= prev.points))
      problems.push(`contributions.steps[${i}] must need fewer and give no more than the step before it`);
  });
  if (steps.length === 0 || steps[steps.length - 1].atLeast !== 0)
    problems.push('contributions: the last step must be atLeast 0');
  const percentOk = (p: number) => whole(p) && p < 100;
  if (!percentOk(scheme.bottomShare.percent)) problems.push('bottomShare.percent must be a whole number, 0..99');
  scheme.bottomShare.bySize.forEach((s, i) => {
    if (!whole(s.fromCohort) || s.fromCohort < 1) problems.push(`bottomShare.bySize[${i}].fromCohort must be a whole number ≥ 1`);
    if (!percentOk(s.percent)) problems.push(`bottomShare.bySize[${i}].percent must be a whole number, 0..99`);
    const prev = scheme.bottomShare.bySize[i - 1];
    if (prev && s.fromCohort <= prev.fromCohort) problems.push(`bottomShare.bySize[${i}] must follow a smaller cohort`);
  });
  if (scheme.period !== 'quarter' && scheme.period !== 'month') problems.push("period must be 'quarter' or 'month'");
  if (!whole(scheme.eliminationBelow)) problems.push('eliminationBelow must be a whole number ≥ 0');
  if (!whole(scheme.warningBelow)) problems.push('warningBelow must be a whole number ≥ 0');
  if (!whole(scheme.warningAfter) || scheme.warningAfter < 1) problems.push('warningAfter must be a whole number ≥ 1');
  if (!whole(scheme.eliminateAfter) || scheme.eliminateAfter <= scheme.warningAfter)
    problems.push('eliminateAfter must be a whole number above warningAfter');
  if (!whole(scheme.publicityWorkingDays) || scheme.publicityWorkingDays < 1)
    problems.push('publicityWorkingDays must be a whole number ≥ 1');
  const sb = scheme.statsBands;
  if (sb[0] !== 0 || sb.some((b, i) => !whole(b) || (i > 0 && b <= sb[i - 1])))
    problems.push('statsBands must be whole numbers, ascending, the first 0');
  return problems;
}
