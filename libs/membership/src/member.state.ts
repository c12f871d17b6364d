import type { AdmissionEvent, DueDate, EvidenceItem } from './admission/admission.events';
import type { AgreementEvent } from './agreement/agreement.events';
import type { ExitEvent } from './exit/exit.events';
import type { ApplicantType, Direction } from './rules/membership-rules';
import type { TermEvent } from './term/term.events';

/** The member status machine (docs/status-machine.md). */
export type MemberStatus = 'applied' | 'reviewed' | 'approved' | 'rejected' | 'signed' | 'active' | 'exiting' | 'exited';
export type ExitKind = 'voluntary' | 'expired' | 'forced' | 'eliminated';

/** Every event of a member stream (`member-<id>`). */
export type MemberEvent = AdmissionEvent | AgreementEvent | TermEvent | ExitEvent;

export interface PaymentRecord {
  kind: 'fee' | 'deposit';
  amountFen: number;
  reference: string;
  paidDate: string;
  termStartDate: string | null;
  late: boolean;
}

export interface TermRecord {
  start: string;
  /** Last day, inclusive. */
  end: string;
  feeFen: number;
  feeDueDate: string;
  feePaidFen: number;
  /** M-TERM-3: a fee paid after it was due. */
  feeLate: boolean;
}

export interface RenewalRecord {
  decision: 'approve' | 'reject';
  reason: string;
  termEndDate: string;
  newTermEndDate: string | null;
}

export interface ExitRecord {
  kind: ExitKind;
  /** The day membership ends (for a notice: the day it will end). */
  exitDate: string;
  noticeDate: string | null;
  reason: string;
  clause: string | null;
  depositForfeitedFen: number;
  /** M-BAN: first day the subject may apply again. */
  banUntil: string | null;
  /** M-ARC-2: the archive is kept until this date (exclusive). */
  retentionUntil: string | null;
}

/** The member aggregate's state, folded from its stream; shared by the slices. */
export interface Member {
  /** null until the application is recorded. */
  status: MemberStatus | null;
  id: string;
  name: string;
  applicantType: ApplicantType | null;
  subjectHash: string;
  direction: Direction | null;
  description: string;
  materials: EvidenceItem[];
  initialReviewDue: DueDate | null;
  projectEvaluationDue: DueDate | null;
  rejection: { stage: 'initial-review' | 'project-evaluation'; reason: string } | null;
  agreement: { startDate: string; feeFen: number; depositFen: number } | null;
  depositPaidFen: number;
  payments: PaymentRecord[];
  onboarding: { workspace: string; date: string } | null;
  /** The current term (M-TERM-1); previous ones stay in `terms`. */
  term: TermRecord | null;
  terms: TermRecord[];
  renewals: number;
  renewalHistory: RenewalRecord[];
  /** The term whose end a renewal reminder was issued for (M-TERM-2). */
  reminderIssuedFor: string | null;
  /** M-TERM-3: a refused renewal for the current term. */
  renewalRejected: boolean;
  /** M-TERM-4: the buffer after a term that was not renewed. */
  bufferEndDate: string | null;
  exit: ExitRecord | null;
  /** M-TERM-4: the space confirmed vacated while still exiting (before the exit). */
  clearedOutDate: string | null;
  /** M-TERM-4 / M-PEN-1b: after an exit, the space must be vacated by `dueDate`; confirmed or forced. */
  clearOut: { dueDate: string; confirmedDate: string | null; forced: boolean } | null;
  /** What a forced exit replaced, so that an upheld appeal can restore it (M-APL-2). */
  beforeForcedExit: { status: 'active' | 'exiting'; exit: ExitRecord | null; bufferEndDate: string | null } | null;
  /** Annulled on appeal: forced exits and clear-outs that no longer stand. */
  annulments: { kind: 'forced-exit' | 'elimination' | 'forced-clear-out'; appealId: string; date: string; reason: string }[];
}

export const initialMember = (): Member => ({
  status: null,
  id: '',
  name: '',
  applicantType: null,
  subjectHash: '',
  direction: null,
  description: '',
  materials: [],
  initialReviewDue: null,
  projectEvaluationDue: null,
  rejection: null,
  agreement: null,
  depositPaidFen: 0,
  payments: [],
  onboarding: null,
  term: null,
  terms: [],
  renewals: 0,
  renewalHistory: [],
  reminderIssuedFor: null,
  renewalRejected: false,
  bufferEndDate: null,
  exit: null,
  clearedOutDate: null,
  clearOut: null,
  beforeForcedExit: null,
  annulments: [],
});

const exitRecord = (fields: Pick<ExitRecord, 'kind' | 'exitDate' | 'reason'> & Partial<ExitRecord>): ExitRecord => ({
  noticeDate: null,
  clause: null,
  depositForfeitedFen: 0,
  banUntil: null,
  retentionUntil: null,
  ...fields,
});

/** A term as it begins: nothing of its fee paid yet. */
const newTerm = (start: string, end: string, feeFen: number, feeDueDate: string): TermRecord => ({
  start,
  end,
  feeFen,
  feeDueDate,
  feePaidFen: 0,
  feeLate: false,
});

/** Replaces the current term in both `term` and the `terms` history. */
const withTerm = (state: Member, term: TermRecord): Member => ({
  ...state,
  term,
  terms: [...state.terms.slice(0, -1), term],
});

export const evolveMember = (state: Member, event: MemberEvent): Member => {
  switch (event.type) {
    case 'MembershipApplied.v1': {
      const d = event.data;
      return {
        ...state,
        status: 'applied',
        id: d.memberId,
        name: d.name,
        applicantType: d.applicantType,
        subjectHash: d.subjectHash,
        direction: d.direction,
        description: d.description,
        materials: [...d.materials],
        initialReviewDue: d.initialReviewDue,
      };
    }
    case 'EvidenceSubmitted.v1':
      return { ...state, materials: [...state.materials, event.data] };
    case 'InitialReviewPassed.v1':
      return { ...state, status: 'reviewed', projectEvaluationDue: event.data.projectEvaluationDue };
    case 'InitialReviewFailed.v1':
      return { ...state, status: 'rejected', rejection: { stage: 'initial-review', reason: event.data.reason } };
    case 'ProjectEvaluationApproved.v1':
      return { ...state, status: 'approved' };
    case 'ProjectEvaluationRejected.v1':
      return { ...state, status: 'rejected', rejection: { stage: 'project-evaluation', reason: event.data.reason } };

    case 'AgreementSigned.v1': {
      const d = event.data;
      const term = newTerm(d.startDate, d.termEndDate, d.feeFen, d.feeDueDate);
      return {
        ...state,
        status: 'signed',
        agreement: { startDate: d.startDate, feeFen: d.feeFen, depositFen: d.depositFen },
        term,
        terms: [term],
      };
    }
    case 'PaymentRecorded.v1': {
      const d = event.data;
      const payments: PaymentRecord[] = [
        ...state.payments,
        {
          kind: d.kind,
          amountFen: d.amountFen,
          reference: d.reference,
          paidDate: d.paidDate,
          termStartDate: d.termStartDate,
          late: d.late,
        },
      ];
      if (d.kind === 'deposit') return { ...state, payments, depositPaidFen: state.depositPaidFen + d.amountFen };
      const paid = withTerm(state, {
        ...state.term!,
        feePaidFen: state.term!.feePaidFen + d.amountFen,
        feeLate: state.term!.feeLate || d.late,
      });
      return { ...paid, payments };
    }
    case 'MemberOnboarded.v1':
      return { ...state, status: 'active', onboarding: { workspace: event.data.workspace, date: event.data.onboardedDate } };

    case 'RenewalReminderIssued.v1':
      return { ...state, reminderIssuedFor: event.data.termEndDate };
    case 'RenewalApproved.v1': {
      const d = event.data;
      const next = newTerm(d.newTermStartDate, d.newTermEndDate, d.feeFen, d.feeDueDate);
      return {
        ...state,
        renewals: state.renewals + 1,
        renewalHistory: [
          ...state.renewalHistory,
          { decision: 'approve', reason: d.reason, termEndDate: d.previousTermEndDate, newTermEndDate: d.newTermEndDate },
        ],
        term: next,
        terms: [...state.terms, next],
        reminderIssuedFor: null,
        renewalRejected: false,
      };
    }
    case 'RenewalRejected.v1':
      return {
        ...state,
        renewalRejected: true,
        renewalHistory: [
          ...state.renewalHistory,
          { decision: 'reject', reason: event.data.reason, termEndDate: event.data.termEndDate, newTermEndDate: null },
        ],
      };
    case 'TermEnded.v1':
      return { ...state, status: 'exiting', bufferEndDate: event.data.bufferEndDate };
    case 'ExitBufferEnded.v2':
      return {
        ...state,
        status: 'exited',
        exit: exitRecord({
          kind: 'expired',
          exitDate: event.data.exitDate,
          reason: 'term ended without renewal (M-TERM-4)',
          retentionUntil: event.data.retentionUntil,
        }),
        // M-TERM-4: cleared out by the buffer's last day.
        clearOut: { dueDate: state.bufferEndDate!, confirmedDate: state.clearedOutDate, forced: false },
      };

    case 'ExitNoticeGiven.v1':
      return {
        ...state,
        status: 'exiting',
        exit: exitRecord({
          kind: 'voluntary',
          exitDate: event.data.exitDate,
          noticeDate: event.data.noticeDate,
          reason: event.data.reason,
        }),
      };
    case 'VoluntaryExitCompleted.v2':
      return {
        ...state,
        status: 'exited',
        exit: { ...state.exit!, retentionUntil: event.data.retentionUntil },
        // M-EXIT-1: belongings cleared on the exit date.
        clearOut: { dueDate: event.data.exitDate, confirmedDate: state.clearedOutDate, forced: false },
      };
    case 'ForcedExitDecided.v2': {
      const d = event.data;
      return {
        ...state,
        status: 'exited',
        beforeForcedExit: {
          status: state.status as 'active' | 'exiting',
          exit: state.exit,
          bufferEndDate: state.bufferEndDate,
        },
        clearOut: { dueDate: d.decidedDate, confirmedDate: null, forced: false },
        exit: exitRecord({
          kind: 'forced',
          exitDate: d.decidedDate,
          reason: d.reason,
          clause: d.clause,
          depositForfeitedFen: d.depositForfeitedFen,
          banUntil: d.banUntil,
          retentionUntil: d.retentionUntil,
        }),
      };
    }
    case 'MemberEliminated.v1': {
      const d = event.data;
      return {
        ...state,
        status: 'exited',
        beforeForcedExit: {
          status: state.status as 'active' | 'exiting',
          exit: state.exit,
          bufferEndDate: state.bufferEndDate,
        },
        exit: exitRecord({
          kind: 'eliminated',
          exitDate: d.decidedDate,
          reason: d.reason,
          banUntil: d.banUntil,
          retentionUntil: d.retentionUntil,
        }),
        clearOut: { dueDate: d.decidedDate, confirmedDate: null, forced: false },
      };
    }
    case 'ForcedClearOutDecided.v1': {
      const d = event.data;
      return {
        ...state,
        clearOut: { ...state.clearOut!, forced: true },
        exit: {
          ...state.exit!,
          clause: d.clause,
          depositForfeitedFen: d.depositForfeitedFen,
          banUntil: d.banUntil,
          reason: `${state.exit!.reason}; ${d.reason}`,
        },
      };
    }
    case 'ForcedExitAnnulled.v1':
    case 'EliminationAnnulled.v1': {
      const before = state.beforeForcedExit!;
      return {
        ...state,
        status: before.status,
        exit: before.exit,
        bufferEndDate: before.bufferEndDate,
        clearOut: null,
        beforeForcedExit: null,
        annulments: [
          ...state.annulments,
          {
            kind: event.type === 'ForcedExitAnnulled.v1' ? 'forced-exit' : 'elimination',
            appealId: event.data.appealId,
            date: event.data.annulledDate,
            reason: event.data.reason,
          },
        ],
      };
    }
    case 'ForcedClearOutAnnulled.v1':
      return {
        ...state,
        clearOut: { ...state.clearOut!, forced: false },
        exit: { ...state.exit!, depositForfeitedFen: 0, banUntil: null },
        annulments: [
          ...state.annulments,
          { kind: 'forced-clear-out', appealId: event.data.appealId, date: event.data.annulledDate, reason: event.data.reason },
        ],
      };
    case 'ClearOutConfirmed.v1':
      return state.status === 'exiting'
        ? { ...state, clearedOutDate: event.data.confirmedDate }
        : { ...state, clearOut: { ...state.clearOut!, confirmedDate: event.data.confirmedDate } };
    default:
      // Unknown (newer) event types leave the state as it is, so old code can read new streams.
      return state;
  }
};

/** A member folded from its recorded events (or a prefix of them, for as-of reads). */
export const foldMember = (events: readonly { type: string; data: unknown }[]): Member =>
  events.reduce((state, e) => evolveMember(state, e as MemberEvent), initialMember());

/** The member as read (GET /members/{id}): never the subject, not even its hash. */
export const toMemberView = (m: Member) => ({
  id: m.id,
  name: m.name,
  applicantType: m.applicantType,
  direction: m.direction,
  status: m.status,
  exitKind: m.status === 'exited' ? (m.exit?.kind ?? null) : null,
  term: m.term ? { start: m.term.start, end: m.term.end } : null,
  renewals: m.renewals,
  agreement: m.agreement,
  payments: {
    feeDueFen: m.term ? Math.max(0, m.term.feeFen - m.term.feePaidFen) : 0,
    depositDueFen: m.agreement ? Math.max(0, m.agreement.depositFen - m.depositPaidFen) : 0,
    feeLate: m.term?.feeLate ?? false,
  },
  workspace: m.onboarding?.workspace ?? null,
  renewalRejected: m.renewalRejected,
  exit: m.exit,
  clearedOut: m.clearOut ? m.clearOut.confirmedDate !== null || m.clearOut.forced : m.clearedOutDate !== null ? true : null,
  clearOut: m.clearOut,
  ban: m.exit?.banUntil ? { until: m.exit.banUntil, clause: m.exit.clause, reason: m.exit.reason } : null,
  deadlines: { initialReview: m.initialReviewDue, projectEvaluation: m.projectEvaluationDue },
  rejection: m.rejection,
  materials: m.materials,
});

export type MemberView = ReturnType<typeof toMemberView>;
