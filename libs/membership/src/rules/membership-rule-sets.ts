import { RuleSetHistory } from '@opc/kernel';
import { MEMBERSHIP_RULES_V1, type MembershipRules } from './membership-rules';

/** Every published version of the membership rules; a decision uses the one in force on its business date. */
export const MEMBERSHIP_RULE_SETS = new RuleSetHistory<MembershipRules>([MEMBERSHIP_RULES_V1]);
