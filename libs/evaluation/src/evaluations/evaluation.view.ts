import { indicatorsOf, type EvaluationCatalogue } from '../rules/catalogue';
import { scoreSheet, type SheetScore } from '../rules/panel';
import { displayPoints, exactPointsText, toPoints, type Exact } from '../rules/points';
import { countingSheets, evidencedItems, type Evaluation, type SubmittedSheet } from './evaluation.state';

/** An exact score as read: truncated to hundredths for display, and exactly. */
export const scoreView = (x: Exact) => ({ points: displayPoints(x), exact: exactPointsText(x) });

const countedView = (s: SheetScore) => ({
  byDimension: s.byDimension.map((d) => ({ dimension: d.dimension, points: toPoints(d.hundredths) })),
  base: toPoints(s.baseHundredths),
  bonusClaimed: toPoints(s.bonusClaimedHundredths),
  bonus: toPoints(s.bonusHundredths),
  total: toPoints(s.totalHundredths),
  zeroedForNoEvidence: s.zeroedForNoEvidence,
});

/**
 * One expert's sheet: the points entered, and how they count (C-EVID-1: items without evidence at
 * 0; C-SCORE-1: bonus capped) — as the panel counted them once closed, with today's evidence before.
 */
export function sheetView(s: Evaluation, sheet: SubmittedSheet) {
  const c = s.catalogue!;
  const counted = s.panel?.sheets.find((x) => x.expertId === sheet.expertId) ?? scoreSheet(sheet, evidencedItems(s), c);
  const dimensionOf = new Map(indicatorsOf(c).map((i) => [i.id, i.dimension]));
  return {
    expertId: sheet.expertId,
    submittedDate: sheet.submittedDate,
    submissions: sheet.submissions,
    counts: countingSheets(s).includes(sheet),
    scores: Object.entries(sheet.scores).map(([indicator, h]) => ({
      indicator,
      dimension: dimensionOf.get(indicator) ?? null,
      points: toPoints(h),
    })),
    bonus: Object.entries(sheet.bonus).map(([item, h]) => ({ item, points: toPoints(h) })),
    vetoes: sheet.vetoes,
    counted: countedView(counted),
  };
}

function panelView(s: Evaluation, c: EvaluationCatalogue) {
  const p = s.panel;
  if (!p) return null;
  return {
    closedDate: p.closedDate,
    method: p.method,
    counted: p.counted,
    dropped: p.dropped,
    base: scoreView(p.base),
    bonus: scoreView(p.bonus),
    total: scoreView(p.total),
    byDimension: p.byDimension.map((d) => {
      const dim = c.dimensions.find((x) => x.id === d.dimension);
      return {
        dimension: d.dimension,
        name: dim?.name ?? d.dimension,
        nameZh: dim?.nameZh ?? '',
        weight: toPoints(d.weightHundredths),
        score: scoreView(d.score),
      };
    }),
    withoutEvidence: p.withoutEvidence,
    vetoes: p.vetoes,
    outcome: p.outcome,
    grade: p.grade,
  };
}

/**
 * The evaluation as read: the community as found, the catalogue version, evidence, experts, every
 * sheet, the panel with its per-dimension breakdown, publicity, publication and what followed.
 * `onlySheetOf`: an expert reading before the panel closes sees its own sheet only.
 */
export function toEvaluationView(s: Evaluation, options: { onlySheetOf?: string } = {}) {
  const c = s.catalogue!;
  const sheets = options.onlySheetOf === undefined ? s.sheets : s.sheets.filter((x) => x.expertId === options.onlySheetOf);
  return {
    id: s.evaluationId,
    communityId: s.communityId,
    community: s.community!,
    category: s.category,
    status: s.status!,
    openedDate: s.openedDate,
    catalogue: { id: c.id, version: c.version, effectiveFrom: c.effectiveFrom, title: c.title, titleZh: c.titleZh },
    evidence: s.evidence,
    experts: s.experts.map((x) => ({ ...x, sheetSubmitted: s.sheets.some((sheet) => sheet.expertId === x.expertId) })),
    sheets: sheets.map((sheet) => sheetView(s, sheet)),
    panel: panelView(s, c),
    publicity: s.publicity,
    publication: s.publication && { ...s.publication, total: scoreView(s.publication.total) },
    lapsedDate: s.lapsedDate,
    supersession: s.supersession,
    revocation: s.revocation,
  };
}

/** C-EVID-1: per indicator and bonus item, the evidence present and what is still missing. */
export function toChecklist(s: Evaluation) {
  const c = s.catalogue!;
  const of = (id: string) => s.evidence.filter((e) => e.indicator === id);
  const items = [
    ...indicatorsOf(c).map((i) => ({ ...i, kind: 'indicator' as const, dimension: i.dimension as string | null })),
    ...c.bonus.items.map((b) => ({ ...b, kind: 'bonus' as const, dimension: null })),
  ].map((i) => ({
    kind: i.kind,
    dimension: i.dimension,
    id: i.id,
    name: i.name,
    nameZh: i.nameZh,
    maxPoints: toPoints(i.maxHundredths),
    placeholder: i.placeholder,
    evidenceRequired: i.evidence,
    evidence: of(i.id),
    present: of(i.id).length > 0,
  }));
  const missing = items.filter((i) => !i.present).map((i) => i.id);
  return {
    evaluationId: s.evaluationId,
    status: s.status!,
    catalogue: { id: c.id, version: c.version },
    items,
    missing,
    complete: missing.length === 0,
    counts: { items: items.length, present: items.length - missing.length, missing: missing.length },
  };
}
