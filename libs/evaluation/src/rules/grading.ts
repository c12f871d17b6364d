/**
 * The catalogue's judgements that need no panel: the category of an area (C-CAT-1), the basic
 * conditions a community fails (C-BASIC-1), the grade of a score (C-GRADE-1) and the result text
 * (C-RES-1). Pure.
 */
import type { Category, EvaluationCatalogue, Grade } from './catalogue';
import { atLeast, type Exact } from './points';

/** C-CAT-1: the highest category whose area the community reaches; null below the lowest (not eligible). */
export const categoryOf = (areaM2: number, c: EvaluationCatalogue): Category | null =>
  c.categories.find((cat) => areaM2 >= cat.minAreaM2) ?? null;

const lowestCategory = (c: EvaluationCatalogue): Category => c.categories[c.categories.length - 1];

const isMet = (conditions: Readonly<Record<string, boolean>>, id: string): boolean =>
  Object.prototype.hasOwnProperty.call(conditions, id) && conditions[id] === true;

/**
 * C-CAT-1 and C-BASIC-1: each reason the community may not be evaluated, naming the condition
 * (empty: eligible). A declared condition not stated is not met.
 */
export function eligibilityFailures(
  community: { areaM2: number; basicConditions: Readonly<Record<string, boolean>> },
  c: EvaluationCatalogue,
): string[] {
  const failures: string[] = [];
  const lowest = lowestCategory(c);
  const areaCondition = c.basicConditions.find((b) => b.source === 'area');
  if (community.areaM2 < lowest.minAreaM2)
    failures.push(
      `C-CAT-1${areaCondition ? `/C-BASIC-1 ${areaCondition.id}` : ''}: an operating area of ${community.areaM2} m² is below the ${lowest.minAreaM2} m² of category ${lowest.id}`,
    );
  for (const b of c.basicConditions)
    if (b.source === 'declared' && !isMet(community.basicConditions, b.id))
      failures.push(`C-BASIC-1 ${b.id}: ${b.name} (${b.nameZh}) is not met`);
  return failures;
}

/** C-GRADE-1: the highest grade whose minimum the score reaches, compared exactly. */
export const gradeOf = (total: Exact, c: EvaluationCatalogue): Grade =>
  c.grades.find((g) => atLeast(total, g.minHundredths)) ?? c.grades[c.grades.length - 1];

/** C-RES-1: "I类引领型 OPC 社区" and its English rendering. */
export const resultTextOf = (category: Category, grade: Grade) => ({
  zh: `${category.nameZh}${grade.nameZh} OPC 社区`,
  en: `Category ${category.id} ${grade.name} OPC community`,
});

/** C-VETO-1: the text of a vetoed evaluation. */
export const VETOED_TEXT = { zh: '未通过评价（一票否决）', en: 'Not rated: failed on a one-vote veto' };
