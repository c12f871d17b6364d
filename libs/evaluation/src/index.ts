/**
 * Part C of the rules (docs/rules.md, C-…): evaluating whole communities under a versioned
 * indicator catalogue — category, basic conditions, evidence, expert panel, exact score, grade,
 * publicity, publication, one-year validity, revocation. The same shape as libs/membership:
 * pure deciders per stream (`community-<id>`, `evaluation-<id>`), the catalogue as a rule set,
 * projections for lists, a process manager between the streams, the scheduler for lapses.
 */
export * from './evaluation.module';
export { EVALUATION, EVALUATION_RULE_SETS } from './rules/evaluation-rule-sets';
export { EVALUATION_CATALOGUE_V1 } from './rules/catalogue-v1';
export type { EvaluationCatalogue } from './rules/catalogue';
