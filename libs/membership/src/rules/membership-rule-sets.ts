import { RuleSetHistory } from '@opc/kernel';
import { MEMBERSHIP_RULES_V1, type MembershipRules } from './membership-rules';

/** The name the membership rules are registered and published under (stream `ruleset-membership`). */
export const MEMBERSHIP = 'membership';

/**
 * The shipped version alone, for what is fixed at build time (the OpenAPI enums) and for tests.
 * Decisions take the history from RuleSets: the shipped version and every version published since.
 */
export const MEMBERSHIP_RULE_SETS = new RuleSetHistory<MembershipRules>([MEMBERSHIP_RULES_V1]);
