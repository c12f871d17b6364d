/**
 * Part C of the rules (docs/rules.md, C-…) — evaluating whole communities (category, weighted score, grade, one-year
 * validity). Not built yet: it will take the same shape as libs/membership (deciders by capability,
 * rule sets as data, projections).
 */
export {};
