/**
 * TEST SUPPORT ONLY — fixtures of the evaluation decider specs. Production code must not import
 * this file (index.ts does not export it).
 */
import { given, WorkingDayCalendar, type DecisionContext } from '@opc/kernel';
import type { CommunityCommand } from './communities/community.commands';
import { communityDecider } from './communities/community.decider';
import type { CommunityEvent } from './communities/community.events';
import type { EvaluationCommand, SubmitExpertSheet } from './evaluations/evaluation.commands';
import { evaluationDecider } from './evaluations/evaluation.decider';
import type { CommunitySnapshot, EvaluationEvent } from './evaluations/evaluation.events';
import { indicatorsOf, type EvaluationCatalogue } from './rules/catalogue';
import { EVALUATION_CATALOGUE_V1 } from './rules/catalogue-v1';
import { toPoints } from './rules/points';

export const calendar = new WorkingDayCalendar();
export const CATALOGUE = EVALUATION_CATALOGUE_V1;
export const INDICATORS = indicatorsOf(CATALOGUE).map((i) => i.id);
export const BONUS_ITEMS = CATALOGUE.bonus.items.map((b) => b.id);
export const EXPERTS = ['expert-a', 'expert-b', 'expert-c'];
export const EVALUATION = 'ev-1';

/** 10:00 in Shanghai on a business date. */
export const at = (date: string, time = '10:00:00') => `${date}T${time}+08:00`;

export const ctxAt = (instant: string, rules: EvaluationCatalogue = CATALOGUE): DecisionContext<EvaluationCatalogue> => ({
  now: new Date(instant),
  occurredAt: new Date(instant),
  calendar,
  rules,
});

export const community = (over: Partial<CommunitySnapshot> = {}): CommunitySnapshot => ({
  communityId: 'c-1',
  name: 'Liangjiang OPC Hub',
  operator: 'Liangjiang Park Co.',
  areaM2: 3200,
  basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true },
  registeredDate: '2027-01-04',
  ...over,
});

export const evaluated = (history: EvaluationEvent[], command: EvaluationCommand, instant: string, rules?: EvaluationCatalogue) =>
  given(evaluationDecider, ...history).when(command, ctxAt(instant, rules));

/** One step that must succeed; its events are appended. */
export const step = (history: EvaluationEvent[], command: EvaluationCommand, instant: string, rules?: EvaluationCatalogue) => {
  const out = evaluated(history, command, instant, rules);
  if (out.error) throw out.error;
  return [...history, ...out.events];
};

export const communityStep = (history: CommunityEvent[], command: CommunityCommand, instant: string) => {
  const out = given(communityDecider, ...history).when(command, ctxAt(instant));
  if (out.error) throw out.error;
  return [...history, ...out.events];
};

/** Points for the indicators in catalogue order, each filled to its maximum until `hundredths` are given. */
export function filled(hundredths: number, c: EvaluationCatalogue = CATALOGUE): Record<string, number> {
  const out: Record<string, number> = {};
  let left = hundredths;
  for (const i of indicatorsOf(c)) {
    if (left <= 0) break;
    const given = Math.min(left, i.maxHundredths);
    out[i.id] = toPoints(given);
    left -= given;
  }
  if (left > 0) throw new Error('more than the catalogue gives');
  return out;
}

export const sheet = (expertId: string, points: number, over: Partial<SubmitExpertSheet> = {}): SubmitExpertSheet => ({
  type: 'SubmitExpertSheet',
  evaluationId: EVALUATION,
  expertId,
  scores: filled(Math.round(points * 100)),
  bonus: {},
  vetoes: [],
  ...over,
});

/**
 * An evaluation opened on 2027-03-01 (a Monday) for `community()`, with evidence for `evidenced`
 * (every indicator and bonus item unless told) and three experts assigned and declared.
 */
export function panelReady(
  options: { evidenced?: string[]; experts?: string[]; community?: Partial<CommunitySnapshot>; rules?: EvaluationCatalogue } = {},
): EvaluationEvent[] {
  const rules = options.rules ?? CATALOGUE;
  let h = step(
    [],
    { type: 'OpenEvaluation', evaluationId: EVALUATION, community: community(options.community) },
    at('2027-03-01'),
    rules,
  );
  const items = options.evidenced ?? [...indicatorsOf(rules).map((i) => i.id), ...rules.bonus.items.map((b) => b.id)];
  items.forEach((indicator, n) => {
    h = step(
      h,
      {
        type: 'SubmitEvaluationEvidence',
        evaluationId: EVALUATION,
        evidenceId: `e-${n}`,
        indicator,
        fileRef: `files/${indicator}.pdf`,
        sha256: 'a'.repeat(64),
        note: null,
      },
      at('2027-03-02'),
    );
  });
  for (const expertId of options.experts ?? EXPERTS) {
    h = step(h, { type: 'AssignExpert', evaluationId: EVALUATION, expertId }, at('2027-03-03'));
    h = step(
      h,
      { type: 'DeclareConflictOfInterest', evaluationId: EVALUATION, expertId, noConflictOfInterest: true, note: null },
      at('2027-03-03'),
    );
  }
  return h;
}

/** The panel's sheets (points each), then publicity from 2027-03-05. */
export function inPublicity(points: number[], options: Parameters<typeof panelReady>[0] = {}): EvaluationEvent[] {
  const experts = points.map((_, i) => `expert-${String.fromCharCode(97 + i)}`);
  let h = panelReady({ ...options, experts });
  points.forEach((p, i) => (h = step(h, sheet(experts[i], p), at('2027-03-04'))));
  return step(h, { type: 'StartPublicity', evaluationId: EVALUATION }, at('2027-03-05'));
}
