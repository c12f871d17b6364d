import { RuleSetHistory } from '@opc/kernel';
import { EVALUATION_CATALOGUE_V1 } from './catalogue-v1';
import type { EvaluationCatalogue } from './catalogue';

/** The name the catalogue is registered and published under (stream `ruleset-evaluation`). */
export const EVALUATION = 'evaluation';

/** The shipped version alone, for tests and what is fixed at build time. Decisions take the history from RuleSets. */
export const EVALUATION_RULE_SETS = new RuleSetHistory<EvaluationCatalogue>([EVALUATION_CATALOGUE_V1]);

/**
 * An evaluation is decided by the catalogue it was opened under to the end (C-DIM-2): its commands
 * run with a history of that one version, so every event it records names it, whatever was published since.
 */
export const ownCatalogue = (catalogue: EvaluationCatalogue): RuleSetHistory<EvaluationCatalogue> =>
  new RuleSetHistory([catalogue]);
