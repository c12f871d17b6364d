import type { BonusItem, Dimension, EvaluationCatalogue, Indicator } from './catalogue';

/**
 * The shipped catalogue, from the explanatory notes to the draft Chongqing group standard
 * 《OPC 社区建设评价规范》(征求意见稿) (seed 000). The notes give the five dimensions and their
 * weights, "24 second-level indicators" of which they name a few, the 100 + 15 points, the three
 * grades, the I/II areas and the one-year validity. Everything else is a [choice] marked below;
 * unnamed indicators and the bonus items are placeholders (`placeholder: true`) until the final
 * standard lists them, when an operator publishes it as version 2 with no change of code.
 */

const NAMED_EVIDENCE_NOTE = 'contracts, bills or system logs (C-EVID-1: no subjective judgement)';

/** A named indicator of the notes. Its dimension and its points are [choice]: the notes give neither. */
const named = (id: string, name: string, nameZh: string, points: number, evidence: string): Indicator => ({
  id,
  name,
  nameZh,
  maxHundredths: points * 100,
  placeholder: false,
  evidence,
});

/** An indicator the notes count but do not name. */
const placeholder = (dimension: { id: string; name: string; nameZh: string }, n: number, points: number): Indicator => ({
  id: `${dimension.id}-${n}`,
  name: `Placeholder ${n} of ${dimension.name} (to be named by the final standard)`,
  nameZh: `${dimension.nameZh}待定指标 ${n}（以正式标准为准）`,
  maxHundredths: points * 100,
  placeholder: true,
  evidence: NAMED_EVIDENCE_NOTE,
});

const TALENT = { id: 'talent-gathering', name: 'talent gathering', nameZh: '人才集聚' };
const ENTERPRISE = { id: 'enterprise-development', name: 'enterprise development', nameZh: '主体发展' };
const SERVICES = { id: 'integrated-services', name: 'integrated services', nameZh: '集成服务' };
const SCENARIOS = { id: 'scenario-matching', name: 'scenario matching', nameZh: '场景对接' };
const RESULTS = { id: 'results-transformation', name: 'results transformation', nameZh: '成果转化' };

/**
 * C-DIM-1: weights 10/25/23/32/10 as points (C-SCORE-1 [choice]). C-DIM-2: 4 + 5 + 5 + 6 + 4 = 24
 * indicators, the points split as evenly as whole points allow, the named one first in its dimension.
 */
const DIMENSIONS: Dimension[] = [
  {
    ...TALENT,
    weightHundredths: 1000,
    indicators: [
      named(
        'high-potential-founders',
        'high-potential founders',
        '高潜力创业者',
        3,
        "the roster of founders meeting the standard's definition of a high-potential founder, with the proof of each",
      ),
      placeholder(TALENT, 2, 3),
      placeholder(TALENT, 3, 2),
      placeholder(TALENT, 4, 2),
    ],
  },
  {
    ...ENTERPRISE,
    weightHundredths: 2500,
    indicators: [
      named(
        'six-month-survival-rate',
        '6-month survival rate',
        '6 个月内存活率',
        5,
        'registration and operating records of the OPCs admitted in the period, showing which still operate six months on',
      ),
      placeholder(ENTERPRISE, 2, 5),
      placeholder(ENTERPRISE, 3, 5),
      placeholder(ENTERPRISE, 4, 5),
      placeholder(ENTERPRISE, 5, 5),
    ],
  },
  {
    ...SERVICES,
    weightHundredths: 2300,
    indicators: [
      named('compute-subsidies', 'compute subsidies', '算力补贴', 5, 'subsidy agreements and the compute bills they paid'),
      placeholder(SERVICES, 2, 5),
      placeholder(SERVICES, 3, 5),
      placeholder(SERVICES, 4, 4),
      placeholder(SERVICES, 5, 4),
    ],
  },
  {
    ...SCENARIOS,
    weightHundredths: 3200,
    indicators: [
      named(
        'community-collaboration-cases',
        'community collaboration cases',
        '社区协作案例数',
        6,
        'contracts or project records of work done together by OPCs of the community',
      ),
      placeholder(SCENARIOS, 2, 6),
      placeholder(SCENARIOS, 3, 5),
      placeholder(SCENARIOS, 4, 5),
      placeholder(SCENARIOS, 5, 5),
      placeholder(SCENARIOS, 6, 5),
    ],
  },
  {
    ...RESULTS,
    weightHundredths: 1000,
    indicators: [
      named(
        'order-conversion-amount',
        'order conversion amount',
        '订单转化额',
        3,
        'contracts and invoices of the orders won through the community',
      ),
      placeholder(RESULTS, 2, 3),
      placeholder(RESULTS, 3, 2),
      placeholder(RESULTS, 4, 2),
    ],
  },
];

/** C-SCORE-1 [choice]: the notes name no bonus item; four placeholders of 5 points, counted up to 15 in all. */
const bonusPlaceholder = (n: number): BonusItem => ({
  id: `bonus-${n}`,
  name: `Bonus item ${n} (to be named by the final standard)`,
  nameZh: `加分项 ${n}（以正式标准为准）`,
  maxHundredths: 500,
  placeholder: true,
  evidence: NAMED_EVIDENCE_NOTE,
});

export const EVALUATION_CATALOGUE_V1: EvaluationCatalogue = {
  id: 'evaluation',
  version: 1,
  // [choice] The notes are a consultation draft with no effective date: the product's rules start on 2026-04-01.
  effectiveFrom: '2026-04-01',
  title: 'Evaluation of OPC community construction (draft Chongqing group standard)',
  titleZh: '《OPC 社区建设评价规范》（征求意见稿）',
  categories: [
    { id: 'I', name: 'category I', nameZh: 'I类', minAreaM2: 3000 },
    { id: 'II', name: 'category II', nameZh: 'II类', minAreaM2: 1000 },
  ],
  basicConditions: [
    { id: 'legalPerson', name: 'legal-person status', nameZh: '法人资格', source: 'declared' },
    { id: 'areaThreshold', name: 'operating area of at least the lowest category', nameZh: '运营面积达标', source: 'area' },
    { id: 'safetyManagementSystem', name: 'a safety management system', nameZh: '安全管理制度', source: 'declared' },
    { id: 'networkFacilities', name: 'network facilities', nameZh: '网络设施', source: 'declared' },
  ],
  dimensions: DIMENSIONS,
  bonus: { capHundredths: 1500, items: [1, 2, 3, 4].map(bonusPlaceholder) },
  // C-VETO-1 [choice]: the notes name no veto item.
  vetoes: [
    { id: 'application-fraud', name: 'fraud in the application', nameZh: '申报材料弄虚作假' },
    { id: 'major-safety-accident', name: 'a major safety accident in the period', nameZh: '评价期内发生重大安全事故' },
  ],
  // C-GRADE-1 [choice]: growing is [70, 95).
  grades: [
    { id: 'leading', name: 'leading', nameZh: '引领型', minHundredths: 9500 },
    { id: 'growing', name: 'growing', nameZh: '成长型', minHundredths: 7000 },
    { id: 'cultivating', name: 'cultivating', nameZh: '培育型', minHundredths: 0 },
  ],
  // C-FLOW-1 [choice]: the mean unless the scheme says otherwise; three experts at least.
  panel: { aggregation: 'mean', minSheets: 3, trimmedMeanMinSheets: 5 },
  // C-FLOW-1 [choice]: 3 working days, as every other publicity period of the rules.
  publicityWorkingDays: 3,
  validityYears: 1,
};
