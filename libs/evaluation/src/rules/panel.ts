/**
 * How the expert panel's sheets make a result (C-SCORE-1, C-EVID-1, C-VETO-1, C-FLOW-1, C-GRADE-1).
 * Pure, exact: hundredths are added as integers and the mean is a fraction (rules/points.ts).
 */
import { indicatorsOf, type Aggregation, type EvaluationCatalogue } from './catalogue';
import { gradeOf } from './grading';
import { meanOf, type Exact, type Hundredths } from './points';

/** One expert's sheet as submitted: points entered per indicator and bonus item (hundredths), vetoes with reasons. */
export interface Sheet {
  expertId: string;
  /** An indicator the sheet does not list scores 0. */
  scores: Readonly<Record<string, Hundredths>>;
  bonus: Readonly<Record<string, Hundredths>>;
  vetoes: readonly { item: string; reason: string }[];
}

/** A sheet as it counts. */
export interface SheetScore {
  expertId: string;
  byDimension: { dimension: string; hundredths: Hundredths }[];
  baseHundredths: Hundredths;
  /** What the bonus items add up to, before the cap. */
  bonusClaimedHundredths: Hundredths;
  /** C-SCORE-1: the bonus counted, at most the catalogue's cap (15 points). */
  bonusHundredths: Hundredths;
  totalHundredths: Hundredths;
  /** C-EVID-1: items the expert gave points to that count 0, for they have no evidence. */
  zeroedForNoEvidence: string[];
  vetoes: { item: string; reason: string }[];
}

export interface PanelResult {
  /** The method used: a trimmed mean falls back to the mean below `trimmedMeanMinSheets` sheets. */
  method: Aggregation;
  sheets: SheetScore[];
  /** The experts whose sheets the result counts (all but the dropped ones). */
  counted: string[];
  /** Trimmed mean: the sheets dropped (highest and lowest total; an equal total drops the first expert id). */
  dropped: { highest: string; lowest: string } | null;
  base: Exact;
  bonus: Exact;
  total: Exact;
  byDimension: { dimension: string; weightHundredths: Hundredths; score: Exact }[];
  /** C-EVID-1: every indicator and bonus item without evidence (each scored 0 on every sheet). */
  withoutEvidence: string[];
  /** C-VETO-1: every veto of every sheet; one is enough to fail the evaluation. */
  vetoes: { expertId: string; item: string; reason: string }[];
  outcome: 'graded' | 'vetoed';
  /** C-GRADE-1: the grade of base + bonus; null when vetoed. */
  grade: string | null;
}

const entered = (points: Readonly<Record<string, Hundredths>>, id: string): Hundredths =>
  Object.prototype.hasOwnProperty.call(points, id) ? points[id] : 0;

/** C-EVID-1 and C-SCORE-1: a sheet's points, each item without evidence at 0, the bonus capped. */
export function scoreSheet(sheet: Sheet, evidenced: ReadonlySet<string>, c: EvaluationCatalogue): SheetScore {
  const zeroed: string[] = [];
  const counted = (points: Readonly<Record<string, Hundredths>>, id: string): Hundredths => {
    const given = entered(points, id);
    if (given > 0 && !evidenced.has(id)) {
      zeroed.push(id);
      return 0;
    }
    return given;
  };
  const byDimension = c.dimensions.map((d) => ({
    dimension: d.id,
    hundredths: d.indicators.reduce((s, i) => s + counted(sheet.scores, i.id), 0),
  }));
  const baseHundredths = byDimension.reduce((s, d) => s + d.hundredths, 0);
  const bonusClaimedHundredths = c.bonus.items.reduce((s, b) => s + counted(sheet.bonus, b.id), 0);
  const bonusHundredths = Math.min(bonusClaimedHundredths, c.bonus.capHundredths);
  return {
    expertId: sheet.expertId,
    byDimension,
    baseHundredths,
    bonusClaimedHundredths,
    bonusHundredths,
    totalHundredths: baseHundredths + bonusHundredths,
    zeroedForNoEvidence: zeroed,
    vetoes: sheet.vetoes.map((v) => ({ item: v.item, reason: v.reason })),
  };
}

/** C-FLOW-1: the sheets that count: all, or all but the highest and the lowest total for a trimmed mean. */
function countedSheets(scores: SheetScore[], c: EvaluationCatalogue) {
  const trimmed = c.panel.aggregation === 'trimmed-mean' && scores.length >= c.panel.trimmedMeanMinSheets;
  if (!trimmed) return { method: 'mean' as const, kept: scores, dropped: null };
  const ordered = [...scores].sort((a, b) => a.totalHundredths - b.totalHundredths || a.expertId.localeCompare(b.expertId));
  const lowest = ordered[0];
  // Among equal totals the first expert id is dropped, for the highest as for the lowest: the result never depends on order.
  const top = ordered[ordered.length - 1].totalHundredths;
  const highest = ordered.find((s) => s !== lowest && s.totalHundredths === top)!;
  return {
    method: 'trimmed-mean' as const,
    kept: scores.filter((s) => s !== lowest && s !== highest),
    dropped: { highest: highest.expertId, lowest: lowest.expertId },
  };
}

/** The panel's result from its sheets, with the evidence given for each item. */
export function panelResult(sheets: readonly Sheet[], evidenced: ReadonlySet<string>, c: EvaluationCatalogue): PanelResult {
  const scores = [...sheets].sort((a, b) => a.expertId.localeCompare(b.expertId)).map((s) => scoreSheet(s, evidenced, c));
  const { method, kept, dropped } = countedSheets(scores, c);
  const base = meanOf(kept.map((s) => s.baseHundredths));
  const bonus = meanOf(kept.map((s) => s.bonusHundredths));
  const total = meanOf(kept.map((s) => s.totalHundredths));
  const vetoes = scores.flatMap((s) => s.vetoes.map((v) => ({ expertId: s.expertId, ...v })));
  const items = [...indicatorsOf(c).map((i) => i.id), ...c.bonus.items.map((b) => b.id)];
  return {
    method,
    sheets: scores,
    counted: kept.map((s) => s.expertId),
    dropped,
    base,
    bonus,
    total,
    byDimension: c.dimensions.map((d, i) => ({
      dimension: d.id,
      weightHundredths: d.weightHundredths,
      score: meanOf(kept.map((s) => s.byDimension[i].hundredths)),
    })),
    withoutEvidence: items.filter((id) => !evidenced.has(id)),
    vetoes,
    outcome: vetoes.length > 0 ? 'vetoed' : 'graded',
    grade: vetoes.length > 0 ? null : gradeOf(total, c).id,
  };
}
