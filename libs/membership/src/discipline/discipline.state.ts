import type { DueDate, EvidenceItem } from '../admission/admission.events';
import type { PenaltyRule } from '../rules/penalty-catalogue';
import type { CaseTrigger, DisciplineEvent, PenaltyImposed } from './discipline.events';

/** One case (a violation found) and what became of it. */
export interface CaseRecord {
  caseId: string;
  clause: string;
  occurredDate: string;
  facts: string;
  damageFen: number | null;
  serious: boolean;
  evidence: EvidenceItem[];
  repeatCount: number;
  trigger: CaseTrigger;
  /** Every penalty of the case was annulled on appeal: it no longer counts (repeat counts, renewal). */
  annulled: boolean;
  /** Tiers applied so far (the scheduler's days-late tiers are applied once each). */
  tiers: string[];
}

export interface NoticeRecord {
  noticeId: string;
  caseId: string;
  clause: string;
  requirements: string;
  issuedDate: string;
  due: DueDate;
  onNotRectified: PenaltyRule | null;
  status: 'open' | 'rectified' | 'not-rectified' | 'cancelled';
  inspectedDate: string | null;
  note: string | null;
}

export type PenaltyRecord = PenaltyImposed['data'] & { annulled: boolean; annulledBy: string | null };

export interface FineRecord {
  fineId: string;
  caseId: string;
  penaltyId: string;
  clause: string;
  amountFen: number;
  paidFen: number;
  imposedDate: string;
  cancelled: boolean;
  payments: { amountFen: number; reference: string; paidDate: string }[];
}

export interface SuspensionRecord {
  suspensionId: string;
  caseId: string;
  penaltyId: string;
  clause: string;
  resource: string;
  fromDate: string;
  untilDate: string | null;
  untilPaid: boolean;
  endedDate: string | null;
  endReason: 'period-over' | 'fee-paid' | 'appeal-upheld' | null;
}

/** The disciplinary record of one member, folded from `discipline-<memberId>`. */
export interface Discipline {
  memberId: string;
  cases: CaseRecord[];
  notices: NoticeRecord[];
  penalties: PenaltyRecord[];
  fines: FineRecord[];
  suspensions: SuspensionRecord[];
}

export const initialDiscipline = (): Discipline => ({
  memberId: '',
  cases: [],
  notices: [],
  penalties: [],
  fines: [],
  suspensions: [],
});

const replace = <T>(list: T[], match: (t: T) => boolean, change: (t: T) => T): T[] =>
  list.map((item) => (match(item) ? change(item) : item));

export const evolveDiscipline = (state: Discipline, event: DisciplineEvent): Discipline => {
  switch (event.type) {
    case 'ViolationRecorded.v1': {
      const d = event.data;
      return {
        ...state,
        memberId: d.memberId,
        cases: [
          ...state.cases,
          {
            caseId: d.caseId,
            clause: d.clause,
            occurredDate: d.occurredDate,
            facts: d.facts,
            damageFen: d.damageFen,
            serious: d.serious,
            evidence: d.evidence,
            repeatCount: d.repeatCount,
            trigger: d.trigger,
            annulled: false,
            tiers: [],
          },
        ],
      };
    }
    case 'PenaltyImposed.v1': {
      const d = event.data;
      return {
        ...state,
        cases: replace(
          state.cases,
          (c) => c.caseId === d.caseId,
          (c) => ({ ...c, tiers: [...c.tiers, d.tier] }),
        ),
        penalties: [...state.penalties, { ...d, annulled: false, annulledBy: null }],
        fines: d.fine
          ? [
              ...state.fines,
              {
                fineId: d.fine.fineId,
                caseId: d.caseId,
                penaltyId: d.penaltyId,
                clause: d.clause,
                amountFen: d.fine.amountFen,
                paidFen: 0,
                imposedDate: d.decidedDate,
                cancelled: false,
                payments: [],
              },
            ]
          : state.fines,
        suspensions: d.suspension
          ? [
              ...state.suspensions,
              {
                ...d.suspension,
                caseId: d.caseId,
                penaltyId: d.penaltyId,
                clause: d.clause,
                endedDate: null,
                endReason: null,
              },
            ]
          : state.suspensions,
      };
    }
    case 'RectificationNoticeIssued.v1': {
      const d = event.data;
      return {
        ...state,
        notices: [
          ...state.notices,
          {
            noticeId: d.noticeId,
            caseId: d.caseId,
            clause: d.clause,
            requirements: d.requirements,
            issuedDate: d.issuedDate,
            due: d.due,
            onNotRectified: d.onNotRectified,
            status: 'open',
            inspectedDate: null,
            note: null,
          },
        ],
      };
    }
    case 'RectificationInspected.v1': {
      const d = event.data;
      return {
        ...state,
        notices: replace(
          state.notices,
          (n) => n.noticeId === d.noticeId,
          (n) => ({ ...n, status: d.rectified ? 'rectified' : 'not-rectified', inspectedDate: d.inspectedDate, note: d.note }),
        ),
      };
    }
    case 'FinePaid.v1': {
      const d = event.data;
      return {
        ...state,
        fines: replace(
          state.fines,
          (f) => f.fineId === d.fineId,
          (f) => ({
            ...f,
            paidFen: f.paidFen + d.amountFen,
            payments: [...f.payments, { amountFen: d.amountFen, reference: d.reference, paidDate: d.paidDate }],
          }),
        ),
      };
    }
    case 'SuspensionEnded.v1': {
      const d = event.data;
      return {
        ...state,
        suspensions: replace(
          state.suspensions,
          (s) => s.suspensionId === d.suspensionId,
          (s) => ({ ...s, endedDate: d.endedDate, endReason: d.reason }),
        ),
      };
    }
    case 'PenaltyAnnulled.v1': {
      const d = event.data;
      const penalties = replace(
        state.penalties,
        (p) => p.penaltyId === d.penaltyId,
        (p) => ({ ...p, annulled: true, annulledBy: d.appealId }),
      );
      // A case whose every penalty was reversed no longer stands: it is not counted, its notices close.
      const caseAnnulled = penalties.filter((p) => p.caseId === d.caseId).every((p) => p.annulled);
      return {
        ...state,
        penalties,
        cases: caseAnnulled
          ? replace(
              state.cases,
              (c) => c.caseId === d.caseId,
              (c) => ({ ...c, annulled: true }),
            )
          : state.cases,
        notices: caseAnnulled
          ? replace(
              state.notices,
              (n) => n.caseId === d.caseId && n.status === 'open',
              (n) => ({ ...n, status: 'cancelled' }),
            )
          : state.notices,
        fines: d.fineCancelled
          ? replace(
              state.fines,
              (f) => f.fineId === d.fineCancelled!.fineId,
              (f) => ({ ...f, cancelled: true }),
            )
          : state.fines,
        suspensions: d.suspensionLifted
          ? replace(
              state.suspensions,
              (s) => s.suspensionId === d.suspensionLifted,
              (s) => ({ ...s, endedDate: d.annulledDate, endReason: 'appeal-upheld' }),
            )
          : state.suspensions,
      };
    }
    default:
      return state;
  }
};

export const foldDiscipline = (events: readonly { type: string; data: unknown }[]): Discipline =>
  events.reduce((state, e) => evolveDiscipline(state, e as DisciplineEvent), initialDiscipline());

/** Cases that stand (not annulled on appeal). */
export const standingCases = (d: Discipline): CaseRecord[] => d.cases.filter((c) => !c.annulled);

/** M-PEN preamble: repeat count per member and clause, of the cases that stand. */
export const repeatCountOf = (d: Discipline, clause: string): number =>
  standingCases(d).filter((c) => c.clause === clause).length;

/** The record as the member read and dashboards show it, on `today` (a business date). */
export const disciplineSummary = (d: Discipline, today: string) => {
  const live = d.fines.filter((f) => !f.cancelled);
  const issuedFen = live.reduce((s, f) => s + f.amountFen, 0);
  const paidFen = live.reduce((s, f) => s + f.paidFen, 0);
  const active = d.suspensions.filter(
    (s) => s.endedDate === null && s.fromDate <= today && (s.untilDate === null || today < s.untilDate),
  );
  return {
    warnings: d.penalties.filter((p) => p.warning && !p.annulled).length,
    fines: { count: live.length, issuedFen, paidFen, outstandingFen: issuedFen - paidFen },
    suspensions: {
      active: active.length > 0,
      items: active.map((s) => ({
        suspensionId: s.suspensionId,
        resource: s.resource,
        until: s.untilDate,
        untilPaid: s.untilPaid,
      })),
    },
    // Open: a notice still awaits inspection, or a fine is still owed.
    openCases: new Set([
      ...d.notices.filter((n) => n.status === 'open').map((n) => n.caseId),
      ...live.filter((f) => f.paidFen < f.amountFen).map((f) => f.caseId),
    ]).size,
    openNotices: d.notices
      .filter((n) => n.status === 'open')
      .map((n) => ({ noticeId: n.noticeId, caseId: n.caseId, clause: n.clause, due: n.due, overdue: today > n.due.date })),
    violations: standingCases(d).length,
  };
};

export type DisciplineSummary = ReturnType<typeof disciplineSummary>;
