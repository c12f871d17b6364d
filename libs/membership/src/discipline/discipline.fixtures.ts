/**
 * TEST SUPPORT ONLY — fixtures for the discipline decider specs. Production code must not import this
 * file (index.ts does not export it). A plain module without jest globals.
 */
import { given } from '@opc/kernel';
import { ctxAt } from '../member.fixtures';
import type { MembershipRules } from '../rules/membership-rules';
import type {
  AnnulPenalty,
  ApplyFeeOverdueTier,
  ApplyLateExitTier,
  DisciplineCommand,
  EndSuspension,
  InspectRectification,
  LiftFeeSuspension,
  RecordFinePayment,
  RecordViolation,
} from './discipline.commands';
import { disciplineDecider } from './discipline.decider';
import type { DisciplineEvent, PenaltyImposed, RectificationNoticeIssued, ViolationRecorded } from './discipline.events';

export const MEMBER = 'm-1';

export const disciplined = (history: DisciplineEvent[], command: DisciplineCommand, instant: string, rules?: MembershipRules) =>
  given(disciplineDecider, ...history).when(command, ctxAt(instant, rules));

/** One step of a fixture: it must succeed; its events are appended to the history. */
export const step = (
  history: DisciplineEvent[],
  command: DisciplineCommand,
  instant: string,
  rules?: MembershipRules,
): DisciplineEvent[] => {
  const out = disciplined(history, command, instant, rules);
  if (out.error) throw out.error;
  return [...history, ...out.events];
};

// Commands for member m-1. A parameter varies one fact.
export const violation = (clause: string, caseId: string, over: Partial<RecordViolation> = {}): RecordViolation => ({
  type: 'RecordViolation',
  memberId: MEMBER,
  caseId,
  clause,
  facts: `${clause} found by the officer on patrol`,
  evidence: [{ evidenceId: `ev-${caseId}`, kind: 'photo', fileRef: `files/${caseId}.jpg`, sha256: 'b'.repeat(64) }],
  ...over,
});
export const inspect = (
  noticeId: string,
  rectified: boolean,
  over: Partial<InspectRectification> = {},
): InspectRectification => ({
  type: 'InspectRectification',
  memberId: MEMBER,
  noticeId,
  rectified,
  note: rectified ? 'rectified as required' : 'nothing changed',
  evidence: [],
  ...over,
});
export const payFine = (fineId: string, amountFen: number, reference = `pay-${amountFen}`): RecordFinePayment => ({
  type: 'RecordFinePayment',
  memberId: MEMBER,
  fineId,
  amountFen,
  reference,
});
export const endSuspension = (suspensionId: string, untilDate: string): EndSuspension => ({
  type: 'EndSuspension',
  memberId: MEMBER,
  suspensionId,
  untilDate,
});
export const feeOverdue = (feeDueDate: string, daysLate: number, outstandingFen = 1_200_000): ApplyFeeOverdueTier => ({
  type: 'ApplyFeeOverdueTier',
  memberId: MEMBER,
  feeDueDate,
  daysLate,
  outstandingFen,
});
export const liftFeeSuspension = (): LiftFeeSuspension => ({ type: 'LiftFeeSuspension', memberId: MEMBER });
export const lateExit = (clearOutDueDate: string, daysLate: number, clearedOut = false): ApplyLateExitTier => ({
  type: 'ApplyLateExitTier',
  memberId: MEMBER,
  clearOutDueDate,
  daysLate,
  clearedOut,
});
export const annul = (penaltyId: string, appealId = 'appeal-1'): AnnulPenalty => ({
  type: 'AnnulPenalty',
  memberId: MEMBER,
  penaltyId,
  appealId,
  reason: 'the review found the facts not proven',
});

/** An earlier case of `clause`, as history: it counts towards the repeat count (M-PEN preamble). */
export const earlierCase = (clause: string, n: number): ViolationRecorded => ({
  type: 'ViolationRecorded.v1',
  data: {
    caseId: `earlier-${clause}-${n}`,
    memberId: MEMBER,
    clause,
    occurredDate: '2026-06-01',
    facts: `earlier ${clause} case ${n}`,
    damageFen: null,
    serious: false,
    evidence: [],
    repeatCount: n,
    trigger: { kind: 'officer' },
  },
});
/** The `n - 1` cases of `clause` before the n-th. */
export const earlierCases = (clause: string, n: number): ViolationRecorded[] =>
  Array.from({ length: n - 1 }, (_, i) => earlierCase(clause, i + 1));

// Reading decided events.
export const penaltiesIn = (events: DisciplineEvent[]): PenaltyImposed['data'][] =>
  events.flatMap((e) => (e.type === 'PenaltyImposed.v1' ? [e.data] : []));
export const noticesIn = (events: DisciplineEvent[]): RectificationNoticeIssued['data'][] =>
  events.flatMap((e) => (e.type === 'RectificationNoticeIssued.v1' ? [e.data] : []));
export const casesIn = (events: DisciplineEvent[]): ViolationRecorded['data'][] =>
  events.flatMap((e) => (e.type === 'ViolationRecorded.v1' ? [e.data] : []));
/** The single penalty the events decided (throws when there is not exactly one). */
export const onlyPenalty = (events: DisciplineEvent[]): PenaltyImposed['data'] => {
  const found = penaltiesIn(events);
  if (found.length !== 1) throw new Error(`expected one PenaltyImposed, got ${found.length}`);
  return found[0];
};
