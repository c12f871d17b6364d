import type { Decider, DecisionContext } from '@opc/kernel';
import { decideAdmission } from './admission/admission.decider';
import type { AdmissionCommand } from './admission/admission.commands';
import { evolveMember, initialMember, type Member, type MemberEvent } from './member.state';
import type { MembershipRules } from './rules/membership-rules';

/** Every command on a member stream. Later slices add theirs. */
export type MemberCommand = AdmissionCommand;

export const decideMember = (command: MemberCommand, state: Member, ctx: DecisionContext<MembershipRules>): MemberEvent[] =>
  decideAdmission(command, state, ctx);

export const memberDecider: Decider<Member, MemberCommand, MemberEvent, MembershipRules> = {
  initialState: initialMember,
  evolve: evolveMember,
  decide: decideMember,
};

export const memberStreamId = (memberId: string): string => `member-${memberId}`;
