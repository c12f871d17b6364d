import { given, WorkingDayCalendar } from '@opc/kernel';
import { RULE_SET_PUBLICATION_RULES, ruleSetDecider } from '@opc/platform/rules/ruleset.decider';
import { EVALUATION_CATALOGUE_V1 as V1 } from './catalogue-v1';
import { indicatorsOf, validateCatalogue, type EvaluationCatalogue } from './catalogue';
import { categoryOf, eligibilityFailures, gradeOf, resultTextOf } from './grading';
import { atLeast, exact, exactPointsText, displayPoints, meanOf, pointsToHundredths } from './points';

const copy = (): EvaluationCatalogue => structuredClone(V1);

describe('the shipped catalogue (rule set "evaluation", version 1)', () => {
  it('C-DIM-1: five dimensions weighing 10, 25, 23, 32 and 10 points', () => {
    expect(V1.dimensions.map((d) => [d.nameZh, d.weightHundredths / 100])).toEqual([
      ['人才集聚', 10],
      ['主体发展', 25],
      ['集成服务', 23],
      ['场景对接', 32],
      ['成果转化', 10],
    ]);
  });

  it("C-DIM-2 / C-SCORE-1: 24 indicators whose maxima add up to each dimension's weight; the named ones are not placeholders", () => {
    expect(indicatorsOf(V1)).toHaveLength(24);
    for (const d of V1.dimensions) expect(d.indicators.reduce((s, i) => s + i.maxHundredths, 0)).toBe(d.weightHundredths);
    const named = indicatorsOf(V1).filter((i) => !i.placeholder);
    expect(named.map((i) => i.nameZh)).toEqual(['高潜力创业者', '6 个月内存活率', '算力补贴', '社区协作案例数', '订单转化额']);
    expect(indicatorsOf(V1).filter((i) => i.placeholder)).toHaveLength(19);
    expect(
      indicatorsOf(V1)
        .filter((i) => i.placeholder)
        .every((i) => i.nameZh.includes('以正式标准为准')),
    ).toBe(true);
  });

  it('C-SCORE-1 / C-VETO-1 / C-BASIC-1 / C-GRADE-1: 15 bonus points in all, the default veto items, conditions and grades', () => {
    expect(V1.bonus.capHundredths).toBe(1500);
    expect(V1.vetoes.map((v) => v.id)).toEqual(['application-fraud', 'major-safety-accident']);
    expect(V1.basicConditions.map((b) => b.id)).toEqual([
      'legalPerson',
      'areaThreshold',
      'safetyManagementSystem',
      'networkFacilities',
    ]);
    expect(V1.grades.map((g) => [g.id, g.minHundredths])).toEqual([
      ['leading', 9500],
      ['growing', 7000],
      ['cultivating', 0],
    ]);
    expect(V1.publicityWorkingDays).toBe(3);
    expect(V1.validityYears).toBe(1);
  });

  it('C-SCORE-1: passes its own checks; a version whose points do not add up, or with a repeated id, is refused by path', () => {
    expect(validateCatalogue(V1)).toEqual([]);
    const off = copy();
    off.dimensions[2].indicators[0].maxHundredths = 600;
    expect(validateCatalogue(off)).toEqual([
      "document.dimensions[2].indicators: the maxHundredths must add up to the dimension's weightHundredths (C-SCORE-1)",
    ]);
    off.dimensions[2].weightHundredths = 2400;
    expect(validateCatalogue(off)).toEqual([
      'document.dimensions: the weightHundredths must add up to 10000 (100 points, C-SCORE-1)',
    ]);
    const twice = copy();
    twice.bonus.items[0].id = twice.dimensions[0].indicators[0].id;
    expect(validateCatalogue(twice)).toEqual([
      'document.dimensions, document.bonus.items: every indicator and bonus item needs an id of its own',
    ]);
    const grades = copy();
    grades.grades[2].minHundredths = 100;
    expect(validateCatalogue(grades)).toEqual([
      'document.grades: the lowest grade needs minHundredths 0, so every score has a grade',
    ]);
  });
});

describe('C-CAT-1 / C-BASIC-1: category and eligibility', () => {
  it.each([
    [999, null],
    [1000, 'II'],
    [2999, 'II'],
    [3000, 'I'],
  ])('C-CAT-1: %i m² is category %s', (area, category) => {
    expect(categoryOf(area, V1)?.id ?? null).toBe(category);
  });

  it('C-BASIC-1: every failing condition is named, the area among them', () => {
    expect(eligibilityFailures({ areaM2: 999, basicConditions: { legalPerson: false, networkFacilities: true } }, V1)).toEqual([
      'C-CAT-1/C-BASIC-1 areaThreshold: an operating area of 999 m² is below the 1000 m² of category II',
      'C-BASIC-1 legalPerson: legal-person status (法人资格) is not met',
      'C-BASIC-1 safetyManagementSystem: a safety management system (安全管理制度) is not met',
    ]);
    expect(
      eligibilityFailures(
        { areaM2: 1000, basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true } },
        V1,
      ),
    ).toEqual([]);
  });
});

describe('C-GRADE-1 / C-RES-1: exact points and grades', () => {
  it('C-SCORE-1: points are read from their decimals, never rounded: two decimals at most', () => {
    expect([7, 7.5, 7.25, 0.29, 0.07, 94.99].map(pointsToHundredths)).toEqual([700, 750, 725, 29, 7, 9499]);
    expect([2.555, -1, 1e-7, Number.NaN, Infinity, '7' as unknown as number].map(pointsToHundredths)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it.each([
    [6999, 'cultivating'],
    [7000, 'growing'],
    [9499, 'growing'],
    [9500, 'leading'],
    [11500, 'leading'],
    [0, 'cultivating'],
  ])('C-GRADE-1: %i hundredths is %s', (h, grade) => {
    expect(gradeOf(exact(h), V1).id).toBe(grade);
  });

  it('C-GRADE-1: a mean is compared exactly: 70, 70 and 69.99 make 69.99666…, cultivating, shown 69.99', () => {
    const mean = meanOf([7000, 7000, 6999]);
    expect(mean).toEqual({ numerator: 20999, denominator: 3 });
    expect(atLeast(mean, 7000)).toBe(false);
    expect(gradeOf(mean, V1).id).toBe('cultivating');
    expect(displayPoints(mean)).toBe(69.99);
    expect(exactPointsText(mean)).toBe('20999/300');
    expect(exactPointsText(meanOf([9500, 9400]))).toBe('94.5');
  });

  it('C-RES-1: "I类引领型 OPC 社区" and its English rendering', () => {
    expect(resultTextOf(V1.categories[0], V1.grades[0])).toEqual({
      zh: 'I类引领型 OPC 社区',
      en: 'Category I leading OPC community',
    });
    expect(resultTextOf(V1.categories[1], V1.grades[2]).zh).toBe('II类培育型 OPC 社区');
  });
});

describe('C-DIM-2: the final standard published as a new catalogue version, as data', () => {
  const decider = ruleSetDecider({ name: 'evaluation', shipped: V1, validate: validateCatalogue });
  const ctx = {
    now: new Date('2027-03-01T10:00:00+08:00'),
    occurredAt: new Date('2027-03-01T10:00:00+08:00'),
    calendar: new WorkingDayCalendar(),
    rules: RULE_SET_PUBLICATION_RULES,
  };
  const publish = (document: Record<string, unknown>) =>
    given(decider).when({ type: 'PublishRuleSetVersion', name: 'evaluation', document, effectiveFrom: '2027-03-15' }, ctx);

  it('C-DIM-2: a dimension whose placeholders are named and re-pointed is accepted (the list replaces the shipped one)', () => {
    const talent = structuredClone(V1.dimensions[0]);
    talent.indicators = [
      { ...talent.indicators[0], maxHundredths: 400 },
      {
        id: 'resident-founders',
        name: 'resident founders',
        nameZh: '入驻创业者数量',
        maxHundredths: 350,
        placeholder: false,
        evidence: 'lease roster',
      },
      {
        id: 'talent-events',
        name: 'talent events',
        nameZh: '人才活动场次',
        maxHundredths: 250,
        placeholder: false,
        evidence: 'event logs',
      },
    ];
    const out = publish({ dimensions: [talent, ...V1.dimensions.slice(1)] });
    expect(out.error).toBeNull();
    expect(out.events[0]).toMatchObject({ type: 'RuleSetVersionPublished.v1', data: { version: 2 } });
  });

  it('C-SCORE-1: a version whose points do not add up, or with an unknown key, is refused (400, paths only)', () => {
    const talent = structuredClone(V1.dimensions[0]);
    talent.indicators[0].maxHundredths = 500;
    const off = publish({ dimensions: [talent, ...V1.dimensions.slice(1)] });
    expect(off.error?.code).toBe('VALIDATION_FAILED');
    expect(off.error?.extensions?.errors).toEqual([
      "document.dimensions[0].indicators: the maxHundredths must add up to the dimension's weightHundredths (C-SCORE-1)",
    ]);
    expect(publish({ panel: { aggregation: 'median' } }).error?.extensions?.errors).toEqual([
      'document.panel.aggregation: must be mean or trimmed-mean',
    ]);
    expect(publish({ bonus: { capPoints: 15 } }).error?.extensions?.errors).toEqual(['document.bonus.capPoints: unknown key']);
  });
});
