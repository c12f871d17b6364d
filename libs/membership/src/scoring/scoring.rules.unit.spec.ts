import { AWARDS, SCORING_SCHEME_V1, schemeProblems, type Award, type ScoringScheme } from '../rules/scoring-scheme';
import { closeCohort, inBand, scoreOf, type Entry, type ScoreInputs } from './scoring.rules';

const V1 = SCORING_SCHEME_V1;

/** Inputs that score 0 everywhere, overridden per test. */
const zero: ScoreInputs = {
  attendance: { attended: 0, held: 10 },
  completion: { done: 0, planned: 10 },
  revenue: { actualFen: 0, targetFen: 100 },
  highestAward: 'none',
  contributions: 0,
};
const score = (over: Partial<ScoreInputs>, scheme: ScoringScheme = V1) => scoreOf({ ...zero, ...over }, scheme);

const entries = (...totals: number[]): Entry[] =>
  totals.map((total, i) => ({ memberId: `m-${String(i + 1).padStart(2, '0')}`, total }));
const byId = (d: ReturnType<typeof closeCohort>, id: string) => {
  const o = d.ranking.find((r) => r.memberId === id);
  if (!o) throw new Error(`no outcome for ${id}`);
  return o;
};

describe('quarterly scoring rules', () => {
  describe('the shipped scheme (M-SCORE-7)', () => {
    it('M-SCORE-7: version 1 of the scoring scheme, effective 2026-04-01', () => {
      expect(V1).toMatchObject({ id: 'scoring', version: 1, effectiveFrom: '2026-04-01' });
    });

    it('M-SCORE-1..5: max points 10 / 25 / 30 / 15 / 20, summing to 100', () => {
      const d = V1.dimensions;
      expect([d.attendance.max, d.completion.max, d.revenue.max, d.awards.max, d.contributions.max]).toEqual([
        10, 25, 30, 15, 20,
      ]);
      expect(d.attendance.max + d.completion.max + d.revenue.max + d.awards.max + d.contributions.max).toBe(100);
    });

    it('M-SCORE-1..6: the bands reproduce the source table, every edge a fraction', () => {
      const d = V1.dimensions;
      expect(d.attendance.bands).toEqual([
        { from: { num: 4, den: 5 }, inclusive: false, points: 10 },
        { from: { num: 3, den: 5 }, inclusive: true, points: 5 },
        { from: { num: 0, den: 1 }, inclusive: true, points: 0 },
      ]);
      const edges = (points: number[]) => [
        { from: { num: 1, den: 1 }, inclusive: true, points: points[0] },
        { from: { num: 4, den: 5 }, inclusive: true, points: points[1] },
        { from: { num: 3, den: 5 }, inclusive: true, points: points[2] },
        { from: { num: 0, den: 1 }, inclusive: true, points: 0 },
      ];
      expect(d.completion.bands).toEqual(edges([25, 20, 15]));
      expect(d.revenue.bands).toEqual(edges([30, 24, 18]));
      expect(d.awards.points).toEqual({
        national: 15,
        provincial: 10,
        'industry-high': 10,
        municipal: 5,
        'industry-low': 5,
        none: 0,
      });
      expect(d.contributions.steps).toEqual([
        { atLeast: 3, points: 20 },
        { atLeast: 2, points: 15 },
        { atLeast: 1, points: 10 },
        { atLeast: 0, points: 0 },
      ]);
    });

    it('M-SCORE-8..10, M-SCORE-11: thresholds 60, bottom 10 %, warning below 70 after 2, eliminated after 3; publicity 3 working days', () => {
      expect(V1).toMatchObject({
        eliminationBelow: 60,
        bottomShare: { percent: 10, bySize: [] },
        warningBelow: 70,
        warningAfter: 2,
        eliminateAfter: 3,
        publicityWorkingDays: 3,
        statsBands: [0, 60, 70, 80, 90],
      });
    });

    it('M-SCORE-7: the shipped scheme is sound', () => {
      expect(schemeProblems(V1)).toEqual([]);
    });

    it('M-SCORE-7: an unsound scheme is reported field by field', () => {
      const bad: ScoringScheme = {
        ...V1,
        dimensions: {
          ...V1.dimensions,
          completion: { max: 25, bands: [V1.dimensions.completion.bands[1], V1.dimensions.completion.bands[0]] },
          awards: { max: 15, points: { ...V1.dimensions.awards.points, national: 16 } },
        },
        bottomShare: { percent: 100, bySize: [] },
        eliminateAfter: 2,
        statsBands: [60, 0],
      };
      expect(schemeProblems(bad)).toEqual([
        'completion.bands[1] must start below the band before it',
        'completion.bands[1] must not give more than the band before it',
        'completion: the last band must start at 0, inclusive',
        'awards.points.national must be whole, 0..15',
        'bottomShare.percent must be a whole number, 0..99',
        'eliminateAfter must be a whole number above warningAfter',
        'statsBands must be whole numbers, ascending, the first 0',
      ]);
    });
  });

  describe('points per dimension (M-SCORE-1..6)', () => {
    it.each([
      [10, 10, 10],
      [81, 100, 10],
      [4, 5, 5],
      [80, 100, 5],
      [79, 100, 5],
      [3, 5, 5],
      [59, 100, 0],
      [0, 7, 0],
    ])('M-SCORE-1: attendance %i of %i → %i (80 %% belongs to 60–80 %%, > 80 %% → 10, < 60 %% → 0)', (attended, held, points) => {
      expect(score({ attendance: { attended, held } }).points.attendance).toBe(points);
    });

    it.each([
      [11, 10, 25],
      [1, 1, 25],
      [999, 1000, 20],
      [4, 5, 20],
      [79, 100, 15],
      [3, 5, 15],
      [599, 1000, 0],
      [0, 3, 0],
    ])(
      'M-SCORE-2, M-SCORE-6: completion %i of %i → %i (a lower bound belongs to its band; above 100 %% stays top)',
      (done, planned, points) => {
        expect(score({ completion: { done, planned } }).points.completion).toBe(points);
      },
    );

    it.each([
      [120, 100, 30],
      [100, 100, 30],
      [99, 100, 24],
      [80, 100, 24],
      [79, 100, 18],
      [60, 100, 18],
      [599, 1000, 0],
      [0, 100, 0],
      [10_000_000_000, 10_000_000_000, 30],
      [9_999_999_999, 10_000_000_000, 24],
      [8_000_000_000, 10_000_000_000, 24],
      [7_999_999_999, 10_000_000_000, 18],
      [6_000_000_000, 10_000_000_000, 18],
      [5_999_999_999, 10_000_000_000, 0],
    ])('M-SCORE-3, M-SCORE-6: revenue %i of %i fen → %i', (actualFen, targetFen, points) => {
      expect(score({ revenue: { actualFen, targetFen } }).points.revenue).toBe(points);
    });

    it('M-SCORE-6: revenue near 2^53 fen still scores exactly at and around each edge', () => {
      const targetFen = 9_007_199_254_740_990; // a safe integer, divisible by 5
      const fourFifths = (targetFen / 5) * 4; // 7_205_759_403_792_792, exact
      expect(Number.isSafeInteger(fourFifths * 5)).toBe(false);
      expect(score({ revenue: { actualFen: fourFifths, targetFen } }).points.revenue).toBe(24);
      expect(score({ revenue: { actualFen: fourFifths - 1, targetFen } }).points.revenue).toBe(18);
      expect(score({ revenue: { actualFen: targetFen - 1, targetFen } }).points.revenue).toBe(24);
      expect(score({ revenue: { actualFen: targetFen, targetFen } }).points.revenue).toBe(30);
    });

    it('M-SCORE-6, M-SCORE-7: a rate just below an edge stays below where a float product would round it onto the edge', () => {
      const targetFen = 9_007_199_254_740_980;
      const justBelow = 8_106_479_329_266_881; // 9/10 of the target is 8_106_479_329_266_882
      expect(justBelow * 10 >= 9 * targetFen).toBe(true); // what floats would say
      const band = { from: { num: 9, den: 10 }, inclusive: true, points: 30 };
      expect(inBand(justBelow, targetFen, band)).toBe(false);
      expect(inBand(justBelow + 1, targetFen, band)).toBe(true);
      const nineTenths: ScoringScheme = {
        ...V1,
        dimensions: {
          ...V1.dimensions,
          revenue: { max: 30, bands: [band, { from: { num: 0, den: 1 }, inclusive: true, points: 0 }] },
        },
      };
      expect(score({ revenue: { actualFen: justBelow, targetFen } }, nineTenths).points.revenue).toBe(0);
      expect(score({ revenue: { actualFen: justBelow + 1, targetFen } }, nineTenths).points.revenue).toBe(30);
    });

    it.each<[Award, number]>([
      ['national', 15],
      ['provincial', 10],
      ['industry-high', 10],
      ['municipal', 5],
      ['industry-low', 5],
      ['none', 0],
    ])('M-SCORE-4: highest award %s → %i', (highestAward, points) => {
      expect(score({ highestAward }).points.awards).toBe(points);
    });

    it('M-SCORE-4: every award has its points', () => {
      expect(Object.keys(V1.dimensions.awards.points).sort()).toEqual([...AWARDS].sort());
    });

    it.each([
      [0, 0],
      [1, 10],
      [2, 15],
      [3, 20],
      [7, 20],
    ])('M-SCORE-5: %i contributions → %i', (contributions, points) => {
      expect(score({ contributions }).points.contributions).toBe(points);
    });

    it('M-SCORE-1..5: the total is the sum of the five dimensions (full marks 100, nothing 0)', () => {
      const full = score({
        attendance: { attended: 9, held: 10 },
        completion: { done: 4, planned: 4 },
        revenue: { actualFen: 15_000_000, targetFen: 10_000_000 },
        highestAward: 'national',
        contributions: 3,
      });
      expect(full).toEqual({
        points: { attendance: 10, completion: 25, revenue: 30, awards: 15, contributions: 20 },
        total: 100,
      });
      expect(score({})).toEqual({ points: { attendance: 0, completion: 0, revenue: 0, awards: 0, contributions: 0 }, total: 0 });
      const mixed = score({
        attendance: { attended: 4, held: 5 },
        completion: { done: 3, planned: 5 },
        revenue: { actualFen: 80, targetFen: 100 },
        highestAward: 'municipal',
        contributions: 1,
      });
      expect(mixed).toEqual({ points: { attendance: 5, completion: 15, revenue: 24, awards: 5, contributions: 10 }, total: 59 });
    });

    it('M-SCORE-7: another version of the scheme scores by its own weights', () => {
      const later: ScoringScheme = {
        ...V1,
        version: 2,
        effectiveFrom: '2027-01-01',
        dimensions: {
          ...V1.dimensions,
          contributions: {
            max: 30,
            steps: [
              { atLeast: 5, points: 30 },
              { atLeast: 0, points: 0 },
            ],
          },
        },
      };
      expect(score({ contributions: 4 }, later).points.contributions).toBe(0);
      expect(score({ contributions: 5 }, later).points.contributions).toBe(30);
    });

    it.each<[string, Partial<ScoreInputs>, string]>([
      ['held 0', { attendance: { attended: 0, held: 0 } }, 'attendance.held'],
      [
        'attended above held',
        { attendance: { attended: 11, held: 10 } },
        'attendance.attended (11) must not exceed attendance.held (10)',
      ],
      ['attended negative', { attendance: { attended: -1, held: 10 } }, 'attendance.attended'],
      ['attended fractional', { attendance: { attended: 1.5, held: 10 } }, 'attendance.attended'],
      ['planned 0', { completion: { done: 0, planned: 0 } }, 'completion.planned'],
      ['done negative', { completion: { done: -1, planned: 3 } }, 'completion.done'],
      ['target 0', { revenue: { actualFen: 0, targetFen: 0 } }, 'revenue.targetFen'],
      ['revenue in fractional fen', { revenue: { actualFen: 10.5, targetFen: 100 } }, 'revenue.actualFen'],
      ['revenue beyond safe integers', { revenue: { actualFen: 2 ** 53, targetFen: 100 } }, 'revenue.actualFen'],
      ['an unknown award', { highestAward: 'galactic' as Award }, 'highestAward'],
      ['contributions negative', { contributions: -1 }, 'contributions'],
      ['contributions NaN', { contributions: NaN }, 'contributions'],
    ])('refuses %s with a RangeError naming the field', (_label, over, field) => {
      expect(() => score(over)).toThrow(RangeError);
      expect(() => score(over)).toThrow(field);
    });

    it('M-SCORE-6: inBand compares n/d with the band’s edge exactly, ≥ or > as the band says', () => {
      const inclusive = { from: { num: 4, den: 5 }, inclusive: true, points: 1 };
      const exclusive = { ...inclusive, inclusive: false };
      expect([inBand(4, 5, inclusive), inBand(8, 10, inclusive), inBand(79, 100, inclusive)]).toEqual([true, true, false]);
      expect([inBand(4, 5, exclusive), inBand(801, 1000, exclusive), inBand(2, 1, exclusive)]).toEqual([false, true, true]);
      expect(() => inBand(1, 0, inclusive)).toThrow(RangeError);
    });
  });

  describe('the quarter’s close (M-SCORE-8..10)', () => {
    it('M-SCORE-8: a member below 60 is eliminated with its reason; 60 is not', () => {
      const d = closeCohort(entries(90, 60, 55), {}, V1);
      expect(byId(d, 'm-03')).toMatchObject({ eliminated: true, reasons: ['M-SCORE-8: total 55 < 60'] });
      expect(byId(d, 'm-02')).toMatchObject({ eliminated: false, reasons: [] });
      expect(d.eliminated).toEqual(['m-03']);
    });

    it('ranks best first; equal totals share a rank (1, 2, 2, 4), ties ordered by memberId', () => {
      const d = closeCohort(
        [
          { memberId: 'b', total: 80 },
          { memberId: 'd', total: 70 },
          { memberId: 'a', total: 80 },
          { memberId: 'c', total: 90 },
        ],
        {},
        V1,
      );
      expect(d.ranking.map((o) => [o.memberId, o.rank])).toEqual([
        ['c', 1],
        ['a', 2],
        ['b', 2],
        ['d', 4],
      ]);
    });

    it.each([
      [1, 0],
      [9, 0],
      [10, 1],
      [11, 1],
      [19, 1],
      [20, 2],
      [35, 3],
    ])('M-SCORE-9: a cohort of %i has a cut of %i at 10 %%', (n, cut) => {
      const d = closeCohort(entries(...Array.from({ length: n }, (_, i) => 100 - i)), {}, V1);
      expect(d).toMatchObject({ cohort: n, share: 10, cut });
      expect(d.eliminated).toHaveLength(cut);
      expect(d.cutTotal).toBe(cut === 0 ? null : 100 - (n - cut - 1));
    });

    it('M-SCORE-9: in a cohort of 35 the three lowest (all ≥ 60) are eliminated, the fourth lowest is the lowest kept', () => {
      const d = closeCohort(entries(...Array.from({ length: 35 }, (_, i) => 100 - i)), {}, V1);
      expect(d.eliminated).toEqual(['m-33', 'm-34', 'm-35']);
      expect(d.cutTotal).toBe(69);
      expect(byId(d, 'm-35').reasons[0]).toBe(
        'M-SCORE-9: position 35 of 35, in the bottom 10 % (3 positions), total 66 < 69 (the lowest kept)',
      );
      expect(byId(d, 'm-32')).toMatchObject({ eliminated: false });
    });

    it('M-SCORE-9: two members tied at the cut position (with the first position above it) are both kept', () => {
      const d = closeCohort(entries(95, 90, 88, 85, 82, 80, 78, 75, 72, 72), {}, V1);
      expect(d.cut).toBe(1);
      expect(d.cutTotal).toBe(72);
      expect(d.eliminated).toEqual([]);
    });

    it('M-SCORE-9: a tie strictly below the cut is eliminated together', () => {
      const totals = [95, 94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 84, 83, 82, 81, 80, 79, 78, 66, 66];
      const d = closeCohort(entries(...totals), {}, V1);
      expect(d.cut).toBe(2);
      expect(d.cutTotal).toBe(78);
      expect(d.eliminated).toEqual(['m-19', 'm-20']);
      expect(byId(d, 'm-19').rank).toBe(19);
      expect(byId(d, 'm-20').rank).toBe(19);
    });

    it('M-SCORE-9: a tie straddling the cut keeps everyone at the lowest kept total, eliminates those below', () => {
      // 20 members, cut 2: positions 18 and 19 tie at 70 with the lowest kept (position 18); position 20 is below.
      const totals = [...Array.from({ length: 17 }, (_, i) => 95 - i), 70, 70, 65];
      const d = closeCohort(entries(...totals), {}, V1);
      expect(d.cutTotal).toBe(70);
      expect(d.eliminated).toEqual(['m-20']);
      expect(byId(d, 'm-19').eliminated).toBe(false);
    });

    it('M-SCORE-9: when everyone ties, nobody is eliminated by the bottom share', () => {
      const d = closeCohort(entries(...Array.from({ length: 12 }, () => 75)), {}, V1);
      expect(d.cut).toBe(1);
      expect(d.eliminated).toEqual([]);
      expect(d.ranking.every((o) => o.rank === 1)).toBe(true);
    });

    it('M-SCORE-9 [choice]: a member below 60 takes a cut position and keeps only its M-SCORE-8 reason', () => {
      const d = closeCohort(entries(95, 90, 88, 85, 82, 80, 78, 75, 72, 50), {}, V1);
      expect(d.cut).toBe(1);
      expect(d.eliminated).toEqual(['m-10']);
      expect(byId(d, 'm-10').reasons).toEqual(['M-SCORE-8: total 50 < 60']);
      expect(byId(d, 'm-09').eliminated).toBe(false);
    });

    it('M-SCORE-9: the share follows the cohort’s size (bySize)', () => {
      const scheme: ScoringScheme = {
        ...V1,
        bottomShare: {
          percent: 10,
          bySize: [
            { fromCohort: 50, percent: 5 },
            { fromCohort: 20, percent: 15 },
          ],
        },
      };
      const cohortOf = (n: number) => closeCohort(entries(...Array.from({ length: n }, (_, i) => 100 - (i % 40))), {}, scheme);
      expect(cohortOf(19)).toMatchObject({ share: 10, cut: 1 });
      expect(cohortOf(20)).toMatchObject({ share: 15, cut: 3 });
      expect(cohortOf(49)).toMatchObject({ share: 15, cut: 7 });
      expect(cohortOf(60)).toMatchObject({ share: 5, cut: 3 });
    });

    it('M-SCORE-10: below 70 twice → warning list; a third time → eliminated', () => {
      const q1 = closeCohort(entries(90, 65), {}, V1);
      expect(byId(q1, 'm-02')).toMatchObject({ warningRun: 1, onWarningList: false, eliminated: false, reasons: [] });
      const q2 = closeCohort(entries(90, 68), { 'm-02': 1 }, V1);
      expect(byId(q2, 'm-02')).toMatchObject({
        warningRun: 2,
        onWarningList: true,
        eliminated: false,
        reasons: ['M-SCORE-10: second consecutive quarter below 70, on the warning list'],
      });
      expect(q2.warningList).toEqual(['m-02']);
      const q3 = closeCohort(entries(90, 69), { 'm-02': 2 }, V1);
      expect(byId(q3, 'm-02')).toMatchObject({
        warningRun: 3,
        onWarningList: false,
        eliminated: true,
        reasons: ['M-SCORE-10: third consecutive quarter below 70'],
      });
      expect(q3.eliminated).toEqual(['m-02']);
      expect(q3.warningList).toEqual([]);
    });

    it('M-SCORE-10: a recovery quarter at 70 clears the run and the warning', () => {
      const d = closeCohort(entries(90, 70), { 'm-02': 2 }, V1);
      expect(byId(d, 'm-02')).toMatchObject({ warningRun: 0, onWarningList: false, eliminated: false, reasons: [] });
      const after = closeCohort(entries(90, 65), { 'm-02': byId(d, 'm-02').warningRun }, V1);
      expect(byId(after, 'm-02')).toMatchObject({ warningRun: 1, onWarningList: false });
    });

    it('M-SCORE-8, M-SCORE-10: a third quarter below 60 lists both reasons', () => {
      const d = closeCohort(entries(90, 55), { 'm-02': 2 }, V1);
      expect(byId(d, 'm-02')).toMatchObject({
        eliminated: true,
        onWarningList: false,
        reasons: ['M-SCORE-8: total 55 < 60', 'M-SCORE-10: third consecutive quarter below 70'],
      });
    });

    it('M-SCORE-9, M-SCORE-10: a member cut by the bottom share in its third quarter below 70 lists both reasons', () => {
      const d = closeCohort(entries(95, 90, 88, 85, 82, 80, 78, 75, 72, 65), { 'm-10': 2 }, V1);
      expect(byId(d, 'm-10').reasons).toEqual([
        'M-SCORE-9: position 10 of 10, in the bottom 10 % (1 position), total 65 < 72 (the lowest kept)',
        'M-SCORE-10: third consecutive quarter below 70',
      ]);
    });

    it('M-SCORE-10: a member eliminated by the bottom share is not on the warning list', () => {
      const d = closeCohort(entries(95, 90, 88, 85, 82, 80, 78, 75, 72, 65), { 'm-10': 1 }, V1);
      expect(byId(d, 'm-10')).toMatchObject({ warningRun: 2, eliminated: true, onWarningList: false });
      expect(d.warningList).toEqual([]);
    });

    it('mean and median are exact fractions; the distribution counts per band, the last open-ended', () => {
      expect(closeCohort(entries(60, 65, 70), {}, V1).stats).toMatchObject({
        mean: { num: 65, den: 1 },
        median: { num: 65, den: 1 },
      });
      expect(closeCohort(entries(60, 61), {}, V1).stats).toMatchObject({
        mean: { num: 121, den: 2 },
        median: { num: 121, den: 2 },
      });
      expect(closeCohort(entries(60, 62, 70), {}, V1).stats).toMatchObject({
        mean: { num: 64, den: 1 },
        median: { num: 62, den: 1 },
      });
      expect(closeCohort(entries(60, 61, 62, 70), {}, V1).stats).toMatchObject({
        mean: { num: 253, den: 4 },
        median: { num: 123, den: 2 },
      });
      expect(closeCohort(entries(0, 59, 60, 69, 70, 79, 80, 89, 90, 100, 100), {}, V1).stats.distribution).toEqual([
        { from: 0, count: 2 },
        { from: 60, count: 2 },
        { from: 70, count: 2 },
        { from: 80, count: 2 },
        { from: 90, count: 3 },
      ]);
    });

    it('an empty cohort: nothing cut, nobody eliminated, mean and median 0/1', () => {
      expect(closeCohort([], {}, V1)).toEqual({
        cohort: 0,
        share: 10,
        cut: 0,
        cutTotal: null,
        ranking: [],
        eliminated: [],
        warningList: [],
        stats: {
          mean: { num: 0, den: 1 },
          median: { num: 0, den: 1 },
          distribution: [0, 60, 70, 80, 90].map((from) => ({ from, count: 0 })),
        },
      });
    });

    it('refuses a member scored twice, a total or previous run that is not whole, with a RangeError', () => {
      expect(() => closeCohort([...entries(80), ...entries(70)], {}, V1)).toThrow('m-01 is scored twice');
      expect(() => closeCohort(entries(80.5), {}, V1)).toThrow(RangeError);
      expect(() => closeCohort(entries(-1), {}, V1)).toThrow(RangeError);
      expect(() => closeCohort(entries(80), { 'm-01': -1 }, V1)).toThrow('previousRuns of m-01');
    });
  });
});
