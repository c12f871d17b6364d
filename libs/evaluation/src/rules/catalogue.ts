/**
 * The indicator catalogue (C-CAT-1, C-BASIC-1, C-DIM-1..2, C-SCORE-1, C-VETO-1, C-GRADE-1, C-FLOW-1,
 * C-VALID-1) as data: the rule set named `evaluation`. Version 1 ships in catalogue-v1.ts; an
 * operator publishes the final standard's catalogue as a new version (POST /admin/rulesets/evaluation)
 * with no change of code. An evaluation copies the whole version it was opened under into its
 * first event and is decided by that copy to the end.
 *
 * Points are integers in hundredths of a point (fields ending in `Hundredths`: 1000 = 10 points),
 * so a published catalogue may give an indicator 2.5 points (250) and stays exact.
 * Lists are arrays of objects, not maps keyed by id: a published version replaces a list whole,
 * and its elements are shape-checked against the shipped ones.
 */
import type { VersionedRules } from '@opc/kernel';

/** C-CAT-1: a category and the operating area it needs. */
export interface Category {
  /** 'I', 'II': what the result text shows. */
  id: string;
  name: string;
  /** 'I类' */
  nameZh: string;
  minAreaM2: number;
}

/**
 * C-BASIC-1: a basic condition. `declared`: the operator states it at registration (a key of
 * `basicConditions`); `area`: met when the operating area reaches the lowest category.
 */
export interface BasicCondition {
  id: string;
  name: string;
  nameZh: string;
  source: 'declared' | 'area';
}

/** C-DIM-2: a second-level indicator with its maximum points, and the objective evidence it needs (C-EVID-1). */
export interface Indicator {
  id: string;
  name: string;
  nameZh: string;
  maxHundredths: number;
  /** True until the final standard names it (C-DIM-2 [choice]). */
  placeholder: boolean;
  /** What proves it: contracts, bills, system logs, … */
  evidence: string;
}

/** C-DIM-1: a first-level indicator (dimension) with its weight in points; its indicators' maxima add up to it. */
export interface Dimension {
  id: string;
  name: string;
  nameZh: string;
  weightHundredths: number;
  indicators: Indicator[];
}

/** C-SCORE-1: a bonus item (加分项). */
export interface BonusItem {
  id: string;
  name: string;
  nameZh: string;
  maxHundredths: number;
  placeholder: boolean;
  evidence: string;
}

/** C-VETO-1: a one-vote veto item (一票否决). */
export interface VetoItem {
  id: string;
  name: string;
  nameZh: string;
}

/** C-GRADE-1: a grade and the base + bonus it needs (the lowest grade needs 0). */
export interface Grade {
  id: string;
  name: string;
  /** '引领型' */
  nameZh: string;
  minHundredths: number;
}

export type Aggregation = 'mean' | 'trimmed-mean';
export const AGGREGATIONS: readonly Aggregation[] = ['mean', 'trimmed-mean'];

export interface EvaluationCatalogue extends VersionedRules {
  id: 'evaluation';
  title: string;
  titleZh: string;
  /** Highest first. */
  categories: Category[];
  basicConditions: BasicCondition[];
  dimensions: Dimension[];
  /** C-SCORE-1: the bonus counts up to `capHundredths` in all, whatever its items add up to. */
  bonus: { capHundredths: number; items: BonusItem[] };
  vetoes: VetoItem[];
  /** Highest first. */
  grades: Grade[];
  /**
   * C-FLOW-1: how the panel's sheets make the result. `mean` of every sheet, or `trimmed-mean`
   * (the highest and the lowest sheet dropped) once there are `trimmedMeanMinSheets` sheets; the
   * panel closes with `minSheets` at least.
   */
  panel: { aggregation: Aggregation; minSheets: number; trimmedMeanMinSheets: number };
  /** C-FLOW-1 [choice]: publicity before publication, in working days. */
  publicityWorkingDays: number;
  /** C-VALID-1: a published result is valid this many years (exclusive end). */
  validityYears: number;
}

/** What an evaluation scores: every indicator, with its dimension. */
export const indicatorsOf = (c: EvaluationCatalogue): (Indicator & { dimension: string })[] =>
  c.dimensions.flatMap((d) => d.indicators.map((i) => ({ ...i, dimension: d.id })));

/** Everything evidence may be given for: the indicators and the bonus items (C-EVID-1). */
export const scoredItemIds = (c: EvaluationCatalogue): Set<string> =>
  new Set([...indicatorsOf(c).map((i) => i.id), ...c.bonus.items.map((b) => b.id)]);

/** Ids of indicators, bonus and veto items (what a request names; also its check in the DTOs). */
export const ITEM_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Ids of basic conditions: the keys of a registration's `basicConditions`. */
export const CONDITION_ID = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/;
const CATEGORY_ID = /^[A-Za-z0-9]{1,10}$/;

const MAX_POINTS_HUNDREDTHS = 100 * 100;

/**
 * The catalogue's own checks after the platform's shape check (paths, never values): 100 points
 * in all, each dimension's indicators adding up to its weight, unique ids, ordered thresholds.
 */
export function validateCatalogue(c: EvaluationCatalogue): string[] {
  const problems: string[] = [];
  const id = (path: string, value: string, form: RegExp) => {
    if (!form.test(value) || value.length > 64)
      problems.push(
        `${path}.id: must be ${form === CONDITION_ID ? 'camelCase letters and digits' : 'lower-case words joined by dashes'}`,
      );
  };
  const positive = (path: string, value: number) => {
    if (value <= 0) problems.push(`${path}: must be above 0`);
  };

  if (c.dimensions.length === 0) problems.push('document.dimensions: at least one dimension');
  let total = 0;
  c.dimensions.forEach((d, i) => {
    const at = `document.dimensions[${i}]`;
    id(at, d.id, ITEM_ID);
    positive(`${at}.weightHundredths`, d.weightHundredths);
    total += d.weightHundredths;
    if (d.indicators.length === 0) problems.push(`${at}.indicators: at least one indicator`);
    d.indicators.forEach((ind, j) => {
      id(`${at}.indicators[${j}]`, ind.id, ITEM_ID);
      positive(`${at}.indicators[${j}].maxHundredths`, ind.maxHundredths);
    });
    if (d.indicators.reduce((s, ind) => s + ind.maxHundredths, 0) !== d.weightHundredths)
      problems.push(`${at}.indicators: the maxHundredths must add up to the dimension's weightHundredths (C-SCORE-1)`);
  });
  if (total !== MAX_POINTS_HUNDREDTHS)
    problems.push('document.dimensions: the weightHundredths must add up to 10000 (100 points, C-SCORE-1)');

  c.bonus.items.forEach((b, i) => {
    id(`document.bonus.items[${i}]`, b.id, ITEM_ID);
    positive(`document.bonus.items[${i}].maxHundredths`, b.maxHundredths);
  });
  if (c.bonus.capHundredths < 0) problems.push('document.bonus.capHundredths: must be 0 or more');
  c.vetoes.forEach((v, i) => id(`document.vetoes[${i}]`, v.id, ITEM_ID));

  const scored = [...indicatorsOf(c).map((i) => i.id), ...c.bonus.items.map((b) => b.id)];
  if (new Set(scored).size !== scored.length)
    problems.push('document.dimensions, document.bonus.items: every indicator and bonus item needs an id of its own');
  if (new Set(c.dimensions.map((d) => d.id)).size !== c.dimensions.length) problems.push('document.dimensions: ids must differ');
  if (new Set(c.vetoes.map((v) => v.id)).size !== c.vetoes.length) problems.push('document.vetoes: ids must differ');

  if (c.categories.length === 0) problems.push('document.categories: at least one category');
  c.categories.forEach((cat, i) => {
    if (!CATEGORY_ID.test(cat.id)) problems.push(`document.categories[${i}].id: 1–10 letters or digits`);
    positive(`document.categories[${i}].minAreaM2`, cat.minAreaM2);
    if (i > 0 && cat.minAreaM2 >= c.categories[i - 1].minAreaM2)
      problems.push(`document.categories[${i}].minAreaM2: categories go from the largest area down`);
  });

  if (c.grades.length === 0) problems.push('document.grades: at least one grade');
  c.grades.forEach((g, i) => {
    id(`document.grades[${i}]`, g.id, ITEM_ID);
    if (i > 0 && g.minHundredths >= c.grades[i - 1].minHundredths)
      problems.push(`document.grades[${i}].minHundredths: grades go from the highest score down`);
  });
  if (c.grades.length > 0 && c.grades[c.grades.length - 1].minHundredths !== 0)
    problems.push('document.grades: the lowest grade needs minHundredths 0, so every score has a grade');

  c.basicConditions.forEach((b, i) => {
    id(`document.basicConditions[${i}]`, b.id, CONDITION_ID);
    if (b.source !== 'declared' && b.source !== 'area')
      problems.push(`document.basicConditions[${i}].source: must be declared or area`);
  });
  if (new Set(c.basicConditions.map((b) => b.id)).size !== c.basicConditions.length)
    problems.push('document.basicConditions: ids must differ');

  if (!AGGREGATIONS.includes(c.panel.aggregation)) problems.push('document.panel.aggregation: must be mean or trimmed-mean');
  if (c.panel.minSheets < 1) problems.push('document.panel.minSheets: at least 1');
  if (c.panel.trimmedMeanMinSheets < 3)
    problems.push(
      'document.panel.trimmedMeanMinSheets: at least 3 (one sheet must remain once the highest and lowest are dropped)',
    );
  if (c.publicityWorkingDays < 0 || c.publicityWorkingDays > 60) problems.push('document.publicityWorkingDays: 0 to 60');
  if (c.validityYears < 1 || c.validityYears > 10) problems.push('document.validityYears: 1 to 10');
  return problems;
}
