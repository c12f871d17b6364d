/**
 * TEST SUPPORT ONLY — fixtures shared by the member decider unit specs (admission, agreement, term, exit).
 * Production code must not import this file (index.ts does not export it). It is a plain module without jest
 * globals so that every spec builds its commands and histories from one definition.
 */
import { given, WorkingDayCalendar, type DecisionContext } from '@opc/kernel';
import type { ApplyForMembership } from './admission/admission.commands';
import type { OnboardMember, RecordPayment, SignAgreement } from './agreement/agreement.commands';
import { memberDecider, type MemberCommand } from './member.decider';
import type { MemberEvent } from './member.state';
import { MEMBERSHIP_RULES_V1, type MembershipRules } from './rules/membership-rules';
import type { EndExitBuffer, EndTerm } from './term/term.commands';

export const calendar = new WorkingDayCalendar();
/** The decision is taken and dated at `instant` (now = occurredAt), under rule set V1 unless told otherwise. */
export const ctxAt = (instant: string, rules: MembershipRules = MEMBERSHIP_RULES_V1): DecisionContext<MembershipRules> => ({
  now: new Date(instant),
  occurredAt: new Date(instant),
  calendar,
  rules,
});
/** 10:00 in Shanghai on a business date, unless another time is given. */
export const at = (date: string, time = '10:00:00') => `${date}T${time}+08:00`;

export const decided = (history: MemberEvent[], command: MemberCommand, instant: string, rules?: MembershipRules) =>
  given(memberDecider, ...history).when(command, ctxAt(instant, rules));

/** One step of a fixture: it must succeed; its events are appended to the history. */
export const run = (history: MemberEvent[], command: MemberCommand, instant: string, rules?: MembershipRules): MemberEvent[] => {
  const out = decided(history, command, instant, rules);
  if (out.error) throw out.error;
  return [...history, ...out.events];
};

// Commands for member m-1. The defaults are the standard member below; a parameter varies one fact.
export const apply = (over: Partial<ApplyForMembership> = {}): ApplyForMembership => ({
  type: 'ApplyForMembership',
  memberId: 'm-1',
  applicantType: 'opc',
  name: 'Lin Studio',
  subjectHash: 'hash-of-subject',
  direction: 'ai-native-innovation',
  description: 'AI bookkeeping agents',
  materials: [{ evidenceId: 'ev-1', kind: 'identity-document', fileRef: 'files/id.pdf', sha256: 'a'.repeat(64) }],
  attestations: { noDishonestyRecord: true, acceptsRules: true },
  ban: null,
  ...over,
});
export const sign = (startDate: string, feeFen = 1_200_000, depositFen = 300_000): SignAgreement => ({
  type: 'SignAgreement',
  memberId: 'm-1',
  startDate,
  feeFen,
  depositFen,
});
export const pay = (kind: 'fee' | 'deposit', amountFen: number, reference = `${kind}-${amountFen}`): RecordPayment => ({
  type: 'RecordPayment',
  memberId: 'm-1',
  kind,
  amountFen,
  reference,
});
export const onboard = (briefingAcknowledged = true): OnboardMember => ({
  type: 'OnboardMember',
  memberId: 'm-1',
  workspace: 'A-301',
  briefingAcknowledged,
});
export const endTerm = (termEndDate: string): EndTerm => ({ type: 'EndTerm', memberId: 'm-1', termEndDate });
export const endBuffer = (bufferEndDate: string): EndExitBuffer => ({ type: 'EndExitBuffer', memberId: 'm-1', bufferEndDate });

// The standard member's history, one constant per stage. The specs' expected dates and amounts depend on these exact
// steps: applied 2026-12-01, approved 2026-12-04, signed 2026-12-10 for the term 2027-01-04 .. 2028-01-03 (M-TERM-1).
export const APPLIED = run([], apply(), at('2026-12-01'));
export const REVIEWED = run(
  APPLIED,
  { type: 'RecordInitialReview', memberId: 'm-1', decision: 'pass', reason: 'complete' },
  at('2026-12-03'),
);
export const APPROVED = run(
  REVIEWED,
  { type: 'RecordProjectEvaluation', memberId: 'm-1', decision: 'approve', reason: 'fits' },
  at('2026-12-04'),
);
/** Fee ¥12,000 due 2027-01-04, deposit ¥3,000. */
export const SIGNED = run(APPROVED, sign('2027-01-04'), at('2026-12-10'));
/** Fee and deposit paid in full, on time. */
export const PAID = run(run(SIGNED, pay('fee', 1_200_000), at('2026-12-20')), pay('deposit', 300_000), at('2026-12-20'));
/** Onboarded on the first day of the term. */
export const ACTIVE = run(PAID, onboard(), at('2027-01-04'));
/** Not renewed: the term ended on 2028-01-03, the buffer runs 2028-01-04 .. 2028-01-10 (M-TERM-4). */
export const IN_BUFFER = run(ACTIVE, endTerm('2028-01-03'), at('2028-01-04'));
export const EXPIRED = run(IN_BUFFER, endBuffer('2028-01-10'), at('2028-01-11'));
