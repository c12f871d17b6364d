import { NotFound } from '@opc/kernel';
import type { Decider, DecisionContext } from '@opc/kernel';
import type { AdmissionCommand } from './admission/admission.commands';
import { decideAdmission } from './admission/admission.decider';
import type { AgreementCommand } from './agreement/agreement.commands';
import { decideAgreement } from './agreement/agreement.decider';
import type { ExitCommand } from './exit/exit.commands';
import { decideExit } from './exit/exit.decider';
import { evolveMember, initialMember, type Member, type MemberEvent } from './member.state';
import type { MembershipRules } from './rules/membership-rules';
import type { TermCommand } from './term/term.commands';
import { decideTerm } from './term/term.decider';

/** Every command on a member stream. */
export type MemberCommand = AdmissionCommand | AgreementCommand | TermCommand | ExitCommand;

const ADMISSION = new Set<MemberCommand['type']>([
  'ApplyForMembership',
  'SubmitEvidence',
  'RecordInitialReview',
  'RecordProjectEvaluation',
]);
const AGREEMENT = new Set<MemberCommand['type']>(['SignAgreement', 'RecordPayment', 'OnboardMember']);
const TERM = new Set<MemberCommand['type']>(['IssueRenewalReminder', 'DecideRenewal', 'EndTerm', 'EndExitBuffer']);

export const decideMember = (command: MemberCommand, state: Member, ctx: DecisionContext<MembershipRules>): MemberEvent[] => {
  if (ADMISSION.has(command.type)) return decideAdmission(command as AdmissionCommand, state, ctx);
  // Every other command needs the member to exist.
  if (state.status === null) throw new NotFound('member', (command as { memberId: string }).memberId);
  if (AGREEMENT.has(command.type)) return decideAgreement(command as AgreementCommand, state, ctx);
  if (TERM.has(command.type)) return decideTerm(command as TermCommand, state, ctx);
  return decideExit(command as ExitCommand, state, ctx);
};

export const memberDecider: Decider<Member, MemberCommand, MemberEvent, MembershipRules> = {
  initialState: initialMember,
  evolve: evolveMember,
  decide: decideMember,
};

export const memberStreamId = (memberId: string): string => `member-${memberId}`;
