import {
  addDays,
  businessDateOf,
  ConditionsNotMet,
  DomainError,
  IllegalTransition,
  lastDayOf,
  NotEligible,
  NotFound,
  OutOfRange,
  periodEnd,
  ValidationFailed,
  type Decider,
} from '@opc/kernel';
import type { PublishedResult } from '../communities/community.events';
import { indicatorsOf, ITEM_ID, type EvaluationCatalogue } from '../rules/catalogue';
import { categoryOf, eligibilityFailures, resultTextOf, VETOED_TEXT } from '../rules/grading';
import { panelResult, type PanelResult } from '../rules/panel';
import { pointsToHundredths, toPoints, type Hundredths } from '../rules/points';
import type { EvaluationCommand, SubmitExpertSheet } from './evaluation.commands';
import type { EvaluationEvent } from './evaluation.events';
import {
  countingSheets,
  evidencedItems,
  evolveEvaluation,
  initialEvaluation,
  panelExperts,
  type Evaluation,
} from './evaluation.state';

export const evaluationStreamId = (evaluationId: string): string => `evaluation-${evaluationId}`;

/** A key is named back only when it has the form of a catalogue id (a key is caller input). */
const shown = (key: string): string => (ITEM_ID.test(key) && key.length <= 64 && !/\d{6}/.test(key) ? key : '(an unknown key)');

const refused = (errors: string[]): DomainError =>
  new ValidationFailed(`the sheet does not fit the evaluation's catalogue: ${errors.join('; ')}`, { errors });

/**
 * C-SCORE-1: the points of one part of a sheet (indicators or bonus items) in hundredths, each
 * within its maximum. An id the catalogue does not list is bad input (400 VALIDATION_FAILED); a
 * point above the maximum is OUT_OF_RANGE.
 */
function pointsOf(
  field: 'scores' | 'bonus',
  given: Record<string, number>,
  maxima: ReadonlyMap<string, Hundredths>,
  version: number,
): Record<string, Hundredths> {
  const out: [string, Hundredths][] = [];
  const errors: string[] = [];
  for (const [key, points] of Object.entries(given)) {
    const max = maxima.get(key);
    const hundredths = pointsToHundredths(points);
    if (max === undefined)
      errors.push(
        `${field}.${shown(key)}: not ${field === 'scores' ? 'an indicator' : 'a bonus item'} of catalogue version ${version}`,
      );
    else if (hundredths === null) errors.push(`${field}.${key}: points are a number from 0 with two decimals at most`);
    else out.push([key, hundredths]);
  }
  if (errors.length > 0) throw refused(errors);
  for (const [key, hundredths] of out) {
    const max = maxima.get(key)!;
    if (hundredths > max)
      throw new OutOfRange(`${field}.${key}`, toPoints(hundredths), { min: 0, max: toPoints(max) }, 'C-SCORE-1');
  }
  return Object.fromEntries(out);
}

function sheetOf(command: SubmitExpertSheet, c: EvaluationCatalogue) {
  const scores = pointsOf('scores', command.scores, new Map(indicatorsOf(c).map((i) => [i.id, i.maxHundredths])), c.version);
  const bonus = pointsOf('bonus', command.bonus, new Map(c.bonus.items.map((b) => [b.id, b.maxHundredths])), c.version);
  const vetoIds = new Set(c.vetoes.map((v) => v.id));
  const errors = command.vetoes.flatMap((v, i) =>
    vetoIds.has(v.item) ? [] : [`vetoes[${i}].item: not a veto item of catalogue version ${c.version}`],
  );
  if (new Set(command.vetoes.map((v) => v.item)).size !== command.vetoes.length) errors.push('vetoes: an item is named twice');
  if (errors.length > 0) throw refused(errors);
  return { scores, bonus, vetoes: command.vetoes.map((v) => ({ item: v.item, reason: v.reason })) };
}

/** C-FLOW-1: the panel may close once every expert on it has scored, with the catalogue's minimum of sheets. */
function closePanel(s: Evaluation, c: EvaluationCatalogue): PanelResult {
  const sheets = countingSheets(s);
  const reasons: string[] = [];
  // Experts are named by count, not id: an id is caller input, and a refusal never echoes input.
  const waiting = panelExperts(s).filter((x) => !sheets.some((sheet) => sheet.expertId === x.expertId)).length;
  if (waiting > 0)
    reasons.push(`C-FLOW-1: ${waiting} expert(s) on the panel have not submitted a sheet (see the evaluation's experts)`);
  if (sheets.length < c.panel.minSheets)
    reasons.push(`C-FLOW-1: the panel needs ${c.panel.minSheets} sheets at least; it has ${sheets.length}`);
  if (reasons.length > 0) throw new ConditionsNotMet(reasons);
  return panelResult(sheets, evidencedItems(s), c);
}

/** C-RES-1: what the result will say, from the panel and the category at opening. */
function resultText(s: Evaluation, panel: PanelResult, c: EvaluationCatalogue) {
  const category = c.categories.find((cat) => cat.id === s.category)!;
  const grade = c.grades.find((g) => g.id === panel.grade);
  return panel.outcome === 'vetoed' || !grade ? VETOED_TEXT : resultTextOf(category, grade);
}

/** Evidence, experts and sheets only while the panel has not closed. */
const open = (s: Evaluation, command: EvaluationCommand['type']): void => {
  if (s.status !== 'open') throw new IllegalTransition(s.status, command);
};

/**
 * One evaluation of a community (stream `evaluation-<id>`). Opened under the catalogue in force
 * that day; every later command is decided by the copy in its first event (`ctx.rules` is that
 * same version: the shell passes the evaluation's own catalogue).
 */
export const evaluationDecider: Decider<Evaluation, EvaluationCommand, EvaluationEvent, EvaluationCatalogue> = {
  initialState: initialEvaluation,
  evolve: evolveEvaluation,
  decide: (command, s, ctx) => {
    const today = businessDateOf(ctx.occurredAt);
    if (command.type === 'OpenEvaluation') {
      if (s.status !== null) throw new IllegalTransition(s.status, command.type);
      const { community } = command;
      const c = ctx.rules;
      // C-CAT-1 / C-BASIC-1: every failing condition named.
      const failures = eligibilityFailures(community, c);
      if (failures.length > 0) throw new NotEligible(failures);
      if (today < community.registeredDate) throw new OutOfRange('occurredAt', today, { min: community.registeredDate });
      return [
        {
          type: 'EvaluationOpened.v1',
          data: {
            evaluationId: command.evaluationId,
            communityId: community.communityId,
            community,
            category: categoryOf(community.areaM2, c)!.id,
            catalogue: structuredClone(c),
            openedDate: today,
          },
        },
      ];
    }
    if (s.status === null || s.catalogue === null) throw new NotFound('evaluation', command.evaluationId);
    const c = s.catalogue;
    const { evaluationId, communityId } = s;
    switch (command.type) {
      case 'SubmitEvaluationEvidence': {
        open(s, command.type);
        const items = [...indicatorsOf(c).map((i) => i.id), ...c.bonus.items.map((b) => b.id)];
        if (!items.includes(command.indicator))
          throw new ValidationFailed(
            `indicator is not an indicator or bonus item of catalogue version ${c.version} (GET /evaluations/{id}/checklist lists them)`,
            { errors: [`indicator: not in catalogue version ${c.version}`] },
          );
        // The same item submitted twice is recorded once.
        if (s.evidence.some((e) => e.evidenceId === command.evidenceId)) return [];
        const { type: _, ...item } = command;
        return [{ type: 'EvidenceSubmitted.v1', data: { ...item, evaluationId, submittedDate: today } }];
      }
      case 'AssignExpert': {
        open(s, command.type);
        if (s.experts.some((x) => x.expertId === command.expertId)) return [];
        return [{ type: 'ExpertAssigned.v1', data: { evaluationId, expertId: command.expertId, assignedDate: today } }];
      }
      case 'DeclareConflictOfInterest': {
        open(s, command.type);
        const expert = s.experts.find((x) => x.expertId === command.expertId);
        if (!expert) throw new ConditionsNotMet(['C-FLOW-1: this expert is not assigned to the evaluation']);
        if (expert.recusedDate !== null) throw new IllegalTransition('recused', command.type);
        const { expertId, note } = command;
        if (command.noConflictOfInterest)
          return expert.declaredDate !== null
            ? []
            : [{ type: 'ExpertDeclaredNoConflict.v1', data: { evaluationId, expertId, note, declaredDate: today } }];
        return [{ type: 'ExpertRecused.v1', data: { evaluationId, expertId, note, recusedDate: today } }];
      }
      case 'SubmitExpertSheet': {
        open(s, command.type);
        const expert = s.experts.find((x) => x.expertId === command.expertId);
        if (!expert) throw new ConditionsNotMet(['C-FLOW-1: this expert is not assigned to the evaluation']);
        if (expert.recusedDate !== null)
          throw new ConditionsNotMet(['C-FLOW-1: this expert declared a conflict of interest and may not score']);
        if (expert.declaredDate === null)
          throw new ConditionsNotMet(['C-FLOW-1: the expert must first declare that it has no conflict of interest']);
        const sheet = sheetOf(command, c);
        return [
          {
            type: 'ExpertSheetSubmitted.v1',
            data: {
              evaluationId,
              expertId: command.expertId,
              ...sheet,
              submittedDate: today,
              replacesEarlier: s.sheets.some((x) => x.expertId === command.expertId),
            },
          },
        ];
      }
      case 'StartPublicity': {
        open(s, command.type);
        const panel = closePanel(s, c);
        const ends = ctx.calendar.addWorkingDays(today, c.publicityWorkingDays);
        const text = resultText(s, panel, c);
        return [
          { type: 'ExpertPanelClosed.v1', data: { evaluationId, communityId, panel, closedDate: today } },
          {
            type: 'PublicityStarted.v1',
            data: {
              evaluationId,
              communityId,
              startedDate: today,
              endsDate: ends.date,
              provisional: ends.provisional,
              publicationFrom: addDays(ends.date, 1),
              resultText: text.zh,
              resultTextEn: text.en,
            },
          },
        ];
      }
      case 'PublishResult': {
        if (s.status !== 'publicity') throw new IllegalTransition(s.status, command.type);
        const { endsDate, publicationFrom } = s.publicity!;
        // C-FLOW-1: publication only after the whole publicity period.
        if (today < publicationFrom)
          throw new DomainError(
            'CONDITIONS_NOT_MET',
            `C-FLOW-1: the publicity runs until ${endsDate}; the result may be published from ${publicationFrom}`,
            { reasons: [`C-FLOW-1: publicity runs until ${endsDate}`], publicityEndsDate: endsDate, publicationFrom },
          );
        const panel = s.panel!;
        const text = resultText(s, panel, c);
        const graded = panel.outcome === 'graded';
        const validity = { years: c.validityYears };
        const result: PublishedResult = {
          evaluationId,
          outcome: panel.outcome,
          category: s.category,
          grade: panel.grade,
          resultText: text.zh,
          resultTextEn: text.en,
          total: panel.total,
          publishedDate: today,
          // C-VALID-1: from the publication, for the catalogue's years, exclusive end.
          validFrom: graded ? today : null,
          validUntil: graded ? periodEnd(today, validity) : null,
          lastValidDate: graded ? lastDayOf(today, validity) : null,
        };
        return [{ type: 'EvaluationPublished.v1', data: { ...result, communityId } }];
      }
      case 'LapseResult': {
        const until = s.publication?.validUntil;
        if (s.status !== 'published' || !until || today < until) return [];
        return [{ type: 'EvaluationResultLapsed.v1', data: { evaluationId, communityId, lapsedDate: today } }];
      }
      case 'RecordSupersession': {
        if (s.status !== 'published') return [];
        const { byEvaluationId, supersededDate } = command;
        return [{ type: 'EvaluationResultSuperseded.v1', data: { evaluationId, communityId, byEvaluationId, supersededDate } }];
      }
      case 'RevokeResult': {
        if (s.status !== 'published' && s.status !== 'lapsed' && s.status !== 'superseded')
          throw new IllegalTransition(s.status, command.type);
        if (s.publication!.outcome === 'vetoed')
          throw new ConditionsNotMet(['C-VALID-2: a vetoed evaluation gave no result to revoke']);
        return [
          { type: 'EvaluationResultRevoked.v1', data: { evaluationId, communityId, reason: command.reason, revokedDate: today } },
        ];
      }
    }
  },
};
