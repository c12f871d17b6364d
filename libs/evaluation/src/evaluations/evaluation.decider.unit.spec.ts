import {
  at,
  BONUS_ITEMS,
  CATALOGUE,
  community,
  EVALUATION,
  evaluated,
  EXPERTS,
  filled,
  INDICATORS,
  inPublicity,
  panelReady,
  sheet,
  step,
} from '../evaluation.fixtures';
import type { EvaluationCatalogue } from '../rules/catalogue';
import type { EvaluationEvent, ExpertPanelClosed, EvaluationPublished, PublicityStarted } from './evaluation.events';

const panelOf = (h: EvaluationEvent[]) => (h.find((e) => e.type === 'ExpertPanelClosed.v1') as ExpertPanelClosed).data.panel;
const publicityOf = (h: EvaluationEvent[]) => (h.find((e) => e.type === 'PublicityStarted.v1') as PublicityStarted).data;
const publish = { type: 'PublishResult', evaluationId: EVALUATION } as const;
const startPublicity = { type: 'StartPublicity', evaluationId: EVALUATION } as const;

/** The panel's result when every expert gives the same sheet. */
const unanimous = (points: number, over: Partial<ReturnType<typeof sheet>> = {}) => {
  let h = panelReady();
  for (const expertId of EXPERTS) h = step(h, sheet(expertId, points, over), at('2027-03-04'));
  return step(h, startPublicity, at('2027-03-05'));
};

describe('opening an evaluation (C-CAT-1, C-BASIC-1, C-DIM-2)', () => {
  const open = (over: Parameters<typeof community>[0], rules?: EvaluationCatalogue) =>
    evaluated([], { type: 'OpenEvaluation', evaluationId: EVALUATION, community: community(over) }, at('2027-03-01'), rules);

  it.each([
    [999, null],
    [1000, 'II'],
    [2999, 'II'],
    [3000, 'I'],
  ])('C-CAT-1: a community of %i m² opens as category %s (null: NOT_ELIGIBLE, nothing recorded)', (areaM2, category) => {
    const out = open({ areaM2 });
    if (category === null) {
      expect(out.error?.code).toBe('NOT_ELIGIBLE');
      expect(out.error?.extensions?.reasons).toEqual([
        'C-CAT-1/C-BASIC-1 areaThreshold: an operating area of 999 m² is below the 1000 m² of category II',
      ]);
    } else expect(out.events[0]).toMatchObject({ type: 'EvaluationOpened.v1', data: { category, openedDate: '2027-03-01' } });
  });

  it('C-BASIC-1: NOT_ELIGIBLE names each failing condition; nothing is recorded', () => {
    const out = open({ basicConditions: { legalPerson: true, safetyManagementSystem: false } });
    expect(out.error?.code).toBe('NOT_ELIGIBLE');
    expect(out.error?.extensions?.reasons).toEqual([
      'C-BASIC-1 safetyManagementSystem: a safety management system (安全管理制度) is not met',
      'C-BASIC-1 networkFacilities: network facilities (网络设施) is not met',
    ]);
    expect(out.events).toEqual([]);
  });

  it('C-DIM-2: the evaluation copies the whole catalogue version in force, and keeps deciding by it', () => {
    const v2: EvaluationCatalogue = structuredClone({ ...CATALOGUE, version: 2, effectiveFrom: '2027-02-01' });
    v2.dimensions[0].indicators[0].maxHundredths = 400;
    v2.dimensions[0].indicators[1].maxHundredths = 200;
    const opened = open({}, v2);
    expect(opened.state.catalogue).toEqual(v2);
    // Under version 2 the first indicator gives 4 points; a sheet is judged by that, whatever ctx carries later.
    let h = step(opened.events, { type: 'AssignExpert', evaluationId: EVALUATION, expertId: 'expert-a' }, at('2027-03-02'));
    h = step(
      h,
      {
        type: 'DeclareConflictOfInterest',
        evaluationId: EVALUATION,
        expertId: 'expert-a',
        noConflictOfInterest: true,
        note: null,
      },
      at('2027-03-02'),
    );
    const four = sheet('expert-a', 0, { scores: { 'high-potential-founders': 4 } });
    expect(evaluated(h, four, at('2027-03-03')).error).toBeNull();
    expect(evaluated(h, { ...four, scores: { 'high-potential-founders': 4.01 } }, at('2027-03-03')).error?.code).toBe(
      'OUT_OF_RANGE',
    );
  });
});

describe('evidence and the panel (C-EVID-1, C-FLOW-1)', () => {
  it('C-EVID-1: evidence names an indicator or bonus item of the catalogue; the same item twice is kept once', () => {
    const h = panelReady({ evidenced: [] });
    const evidence = {
      type: 'SubmitEvaluationEvidence' as const,
      evaluationId: EVALUATION,
      evidenceId: 'e-1',
      indicator: 'order-conversion-amount',
      fileRef: 'files/orders.pdf',
      sha256: 'b'.repeat(64),
      note: 'contracts 2026',
    };
    const once = step(h, evidence, at('2027-03-04'));
    expect(evaluated(once, evidence, at('2027-03-04')).events).toEqual([]);
    const unknown = evaluated(h, { ...evidence, evidenceId: 'e-2', indicator: 'canteen-quality' }, at('2027-03-04'));
    expect(unknown.error?.code).toBe('VALIDATION_FAILED');
  });

  it('C-FLOW-1: an expert scores only once assigned and declared free of conflict (CONDITIONS_NOT_MET otherwise)', () => {
    let h = panelReady({ experts: [] });
    expect(evaluated(h, sheet('expert-a', 80), at('2027-03-04')).error?.extensions?.reasons).toEqual([
      'C-FLOW-1: this expert is not assigned to the evaluation',
    ]);
    h = step(h, { type: 'AssignExpert', evaluationId: EVALUATION, expertId: 'expert-a' }, at('2027-03-04'));
    const undeclared = evaluated(h, sheet('expert-a', 80), at('2027-03-04'));
    expect(undeclared.error?.code).toBe('CONDITIONS_NOT_MET');
    expect(undeclared.error?.extensions?.reasons).toEqual([
      'C-FLOW-1: the expert must first declare that it has no conflict of interest',
    ]);
    const recused = step(
      h,
      {
        type: 'DeclareConflictOfInterest',
        evaluationId: EVALUATION,
        expertId: 'expert-a',
        noConflictOfInterest: false,
        note: 'advises the operator',
      },
      at('2027-03-04'),
    );
    expect(recused.at(-1)?.type).toBe('ExpertRecused.v1');
    expect(evaluated(recused, sheet('expert-a', 80), at('2027-03-04')).error?.code).toBe('CONDITIONS_NOT_MET');
  });

  it("C-SCORE-1: a sheet above an indicator's maximum is OUT_OF_RANGE; an unknown indicator or three decimals are VALIDATION_FAILED", () => {
    const h = panelReady();
    const over = evaluated(h, sheet('expert-a', 0, { scores: { 'compute-subsidies': 5.01 } }), at('2027-03-04'));
    expect(over.error?.code).toBe('OUT_OF_RANGE');
    expect(over.error?.extensions).toEqual({ field: 'scores.compute-subsidies', value: 5.01, min: 0, max: 5, rule: 'C-SCORE-1' });
    const bonus = evaluated(h, sheet('expert-a', 90, { bonus: { 'bonus-1': 6 } }), at('2027-03-04'));
    expect(bonus.error?.code).toBe('OUT_OF_RANGE');
    const unknown = evaluated(h, sheet('expert-a', 0, { scores: { 'canteen-quality': 1 } }), at('2027-03-04'));
    expect(unknown.error?.code).toBe('VALIDATION_FAILED');
    expect(unknown.error?.extensions?.errors).toEqual(['scores.canteen-quality: not an indicator of catalogue version 1']);
    const secret = evaluated(h, sheet('expert-a', 0, { scores: { '4401061990SECRET77': 1 } }), at('2027-03-04'));
    expect(JSON.stringify(secret.error?.extensions)).not.toContain('SECRET');
    const veto = evaluated(h, sheet('expert-a', 90, { vetoes: [{ item: 'late-coffee', reason: 'x' }] }), at('2027-03-04'));
    expect(veto.error?.code).toBe('VALIDATION_FAILED');
    expect(evaluated(h, sheet('expert-a', 0, { scores: { 'compute-subsidies': 2.555 } }), at('2027-03-04')).error?.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('C-FLOW-1: the panel closes only when every expert on it has scored, with three sheets at least', () => {
    let h = panelReady();
    h = step(h, sheet('expert-a', 80), at('2027-03-04'));
    h = step(h, sheet('expert-b', 80), at('2027-03-04'));
    const early = evaluated(h, startPublicity, at('2027-03-05'));
    expect(early.error?.code).toBe('CONDITIONS_NOT_MET');
    expect(early.error?.extensions?.reasons).toEqual([
      "C-FLOW-1: 1 expert(s) on the panel have not submitted a sheet (see the evaluation's experts)",
      'C-FLOW-1: the panel needs 3 sheets at least; it has 2',
    ]);
    h = step(h, sheet('expert-c', 80), at('2027-03-04'));
    const closed = step(h, startPublicity, at('2027-03-05'));
    expect(closed.slice(-2).map((e) => e.type)).toEqual(['ExpertPanelClosed.v1', 'PublicityStarted.v1']);
    // Closed: no more sheets, evidence or experts.
    expect(evaluated(closed, sheet('expert-a', 90), at('2027-03-08')).error?.code).toBe('ILLEGAL_TRANSITION');
    expect(
      evaluated(closed, { type: 'AssignExpert', evaluationId: EVALUATION, expertId: 'x' }, at('2027-03-08')).error?.code,
    ).toBe('ILLEGAL_TRANSITION');
  });

  it('C-FLOW-1: a later sheet of the same expert replaces its first; both stay in the history', () => {
    let h = panelReady();
    h = step(h, sheet('expert-a', 60), at('2027-03-04'));
    h = step(h, sheet('expert-a', 80), at('2027-03-04'));
    expect(h.at(-1)).toMatchObject({ data: { replacesEarlier: true } });
    h = step(h, sheet('expert-b', 80), at('2027-03-04'));
    h = step(h, sheet('expert-c', 80), at('2027-03-04'));
    expect(panelOf(step(h, startPublicity, at('2027-03-05'))).total).toEqual({ numerator: 8000, denominator: 1 });
  });

  it('C-FLOW-1: the result is the mean of the sheets', () => {
    const panel = panelOf(inPublicity([80, 85.5, 90.25]));
    expect(panel.method).toBe('mean');
    // (8000 + 8550 + 9025) / 3 = 25575 / 3 = 8525 hundredths
    expect(panel.total).toEqual({ numerator: 8525, denominator: 1 });
    expect(panel.counted).toEqual(['expert-a', 'expert-b', 'expert-c']);
    expect(panel.grade).toBe('growing');
  });

  it('C-FLOW-1: a trimmed-mean catalogue drops the highest and lowest sheet from 5 sheets on, and means all below that', () => {
    const trimmed: EvaluationCatalogue = {
      ...CATALOGUE,
      panel: { aggregation: 'trimmed-mean', minSheets: 3, trimmedMeanMinSheets: 5 },
    };
    const five = panelOf(inPublicity([60, 96, 97, 98, 100], { rules: trimmed }));
    expect(five.method).toBe('trimmed-mean');
    expect(five.dropped).toEqual({ highest: 'expert-e', lowest: 'expert-a' });
    expect(five.total).toEqual({ numerator: 9700, denominator: 1 });
    expect(five.grade).toBe('leading');
    const four = panelOf(inPublicity([60, 96, 97, 98], { rules: trimmed }));
    expect(four.method).toBe('mean');
    expect(four.dropped).toBeNull();
    expect(four.grade).toBe('growing');
  });
});

describe('grade and result (C-GRADE-1, C-SCORE-1, C-VETO-1, C-EVID-1, C-RES-1)', () => {
  it.each([
    [69.99, 'cultivating', 'I类培育型 OPC 社区'],
    [70, 'growing', 'I类成长型 OPC 社区'],
    [94.99, 'growing', 'I类成长型 OPC 社区'],
    [95, 'leading', 'I类引领型 OPC 社区'],
  ])('C-GRADE-1: %d points is %s: "%s"', (points, grade, text) => {
    const h = unanimous(points);
    expect(panelOf(h)).toMatchObject({ outcome: 'graded', grade });
    expect(publicityOf(h).resultText).toBe(text);
  });

  it('C-GRADE-1: 70, 70 and 69.99 average to 69.99666…: cultivating, without float drift', () => {
    const panel = panelOf(inPublicity([70, 70, 69.99]));
    expect(panel.total).toEqual({ numerator: 20999, denominator: 3 });
    expect(panel.grade).toBe('cultivating');
  });

  it('C-SCORE-1: a bonus lifts 90 base points to 100 and more (leading); the bonus counts 15 at most', () => {
    const lifted = panelOf(unanimous(90, { bonus: { 'bonus-1': 5, 'bonus-2': 5 } }));
    expect(lifted).toMatchObject({
      base: { numerator: 9000 },
      bonus: { numerator: 1000 },
      total: { numerator: 10000 },
      grade: 'leading',
    });
    const capped = panelOf(unanimous(100, { bonus: Object.fromEntries(BONUS_ITEMS.map((b) => [b, 5])) }));
    expect(capped.sheets[0]).toMatchObject({ bonusClaimedHundredths: 2000, bonusHundredths: 1500, totalHundredths: 11500 });
    expect(capped.total).toEqual({ numerator: 11500, denominator: 1 });
  });

  it.each(CATALOGUE.vetoes.map((v) => [v.id]))('C-VETO-1: the veto item %s fails the evaluation whatever the score', (item) => {
    let h = panelReady();
    h = step(h, sheet('expert-a', 100, { bonus: { 'bonus-1': 5 } }), at('2027-03-04'));
    h = step(h, sheet('expert-b', 100, { vetoes: [{ item, reason: 'found in the site inspection' }] }), at('2027-03-04'));
    h = step(h, sheet('expert-c', 100), at('2027-03-04'));
    h = step(h, startPublicity, at('2027-03-05'));
    expect(panelOf(h)).toMatchObject({
      outcome: 'vetoed',
      grade: null,
      vetoes: [{ expertId: 'expert-b', item, reason: 'found in the site inspection' }],
    });
    expect(publicityOf(h).resultText).toBe('未通过评价（一票否决）');
    const published = step(h, publish, at('2027-03-11'));
    expect(published.at(-1)).toMatchObject({ data: { outcome: 'vetoed', grade: null, validFrom: null, validUntil: null } });
  });

  it('C-EVID-1: an indicator without evidence scores 0 whatever the expert entered, and the result says which', () => {
    const missing = ['order-conversion-amount', 'bonus-1'];
    const evidenced = [...INDICATORS, ...BONUS_ITEMS].filter((i) => !missing.includes(i));
    let h = panelReady({ evidenced });
    const full = sheet('x', 0, { scores: filled(10000), bonus: { 'bonus-1': 5 } });
    for (const expertId of EXPERTS) h = step(h, { ...full, expertId }, at('2027-03-04'));
    const panel = panelOf(step(h, startPublicity, at('2027-03-05')));
    // 100 − 3 points of order conversion; the 5 bonus points of bonus-1 count 0 too.
    expect(panel.total).toEqual({ numerator: 9700, denominator: 1 });
    expect(panel.withoutEvidence).toEqual(missing);
    expect(panel.sheets[0].zeroedForNoEvidence).toEqual(missing);
    expect(panel.byDimension.find((d) => d.dimension === 'results-transformation')?.score).toEqual({
      numerator: 700,
      denominator: 1,
    });
  });

  it('C-SCORE-1: the per-dimension breakdown adds up to the base', () => {
    const panel = panelOf(unanimous(100));
    expect(panel.byDimension.map((d) => d.score.numerator)).toEqual([1000, 2500, 2300, 3200, 1000]);
  });
});

describe('publicity, publication, validity, revocation (C-FLOW-1, C-VALID-1, C-VALID-2)', () => {
  it('C-FLOW-1: publicity runs 3 working days; publication before its end is CONDITIONS_NOT_MET', () => {
    const h = unanimous(96);
    // Friday 2027-03-05 + 3 working days: Monday 8th, Tuesday 9th, Wednesday 10th.
    expect(publicityOf(h)).toMatchObject({ startedDate: '2027-03-05', endsDate: '2027-03-10', publicationFrom: '2027-03-11' });
    const early = evaluated(h, publish, at('2027-03-10', '23:00:00'));
    expect(early.error?.code).toBe('CONDITIONS_NOT_MET');
    expect(early.error?.extensions).toMatchObject({ publicityEndsDate: '2027-03-10', publicationFrom: '2027-03-11' });
    expect(evaluated(unanimous(96).slice(0, -2), publish, at('2027-03-11')).error?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('C-RES-1 / C-VALID-1: published 2027-03-11, valid through 2028-03-10, lapsing on 2028-03-11', () => {
    const published = step(unanimous(96), publish, at('2027-03-11'));
    expect((published.at(-1) as EvaluationPublished).data).toMatchObject({
      communityId: 'c-1',
      outcome: 'graded',
      category: 'I',
      grade: 'leading',
      resultText: 'I类引领型 OPC 社区',
      resultTextEn: 'Category I leading OPC community',
      publishedDate: '2027-03-11',
      validFrom: '2027-03-11',
      validUntil: '2028-03-11',
      lastValidDate: '2028-03-10',
    });
    const lapse = { type: 'LapseResult', evaluationId: EVALUATION } as const;
    expect(evaluated(published, lapse, at('2028-03-10', '23:59:59')).events).toEqual([]);
    expect(evaluated(published, lapse, at('2028-03-11', '00:00:00')).events).toMatchObject([
      { type: 'EvaluationResultLapsed.v1', data: { lapsedDate: '2028-03-11' } },
    ]);
  });

  it('C-VALID-1: a result published on 2027-03-01 is valid through 2028-02-29 (a leap year) and lapses on 2028-03-01', () => {
    const h = unanimous(80);
    const late = { ...h.find((e) => e.type === 'PublicityStarted.v1')! } as PublicityStarted;
    const history = h.map((e) =>
      e.type === 'PublicityStarted.v1' ? { ...late, data: { ...late.data, publicationFrom: '2027-03-01' } } : e,
    );
    const published = step(history, publish, at('2027-03-01')).at(-1) as EvaluationPublished;
    expect(published.data).toMatchObject({ validUntil: '2028-03-01', lastValidDate: '2028-02-29' });
  });

  it('C-VALID-1: a re-evaluation published meanwhile supersedes it; then it no longer lapses', () => {
    const published = step(unanimous(96), publish, at('2027-03-11'));
    const superseded = step(
      published,
      { type: 'RecordSupersession', evaluationId: EVALUATION, byEvaluationId: 'ev-2', supersededDate: '2028-02-01' },
      at('2028-02-01'),
    );
    expect(superseded.at(-1)?.type).toBe('EvaluationResultSuperseded.v1');
    expect(evaluated(superseded, { type: 'LapseResult', evaluationId: EVALUATION }, at('2028-03-11')).events).toEqual([]);
  });

  it('C-VALID-2: a published (or lapsed, or superseded) result is revoked with its reason and date; not before publication', () => {
    const revoke = { type: 'RevokeResult', evaluationId: EVALUATION, reason: 'forged order contracts' } as const;
    expect(evaluated(unanimous(96), revoke, at('2027-03-09')).error?.code).toBe('ILLEGAL_TRANSITION');
    const published = step(unanimous(96), publish, at('2027-03-11'));
    const revoked = step(published, revoke, at('2027-06-01'));
    expect(revoked.at(-1)).toMatchObject({
      type: 'EvaluationResultRevoked.v1',
      data: { communityId: 'c-1', reason: 'forged order contracts', revokedDate: '2027-06-01' },
    });
    expect(evaluated(revoked, revoke, at('2027-06-02')).error?.code).toBe('ILLEGAL_TRANSITION');
  });
});
