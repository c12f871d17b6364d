import type { Discipline } from '../discipline/discipline.state';
import type { Member } from '../member.state';

/**
 * M-ARC-1: the member's archive — application materials, agreement, payments, terms and renewals,
 * violations, notices, penalties, fines and their payment, suspensions, exit — complete and
 * confidential; M-ARC-2: kept at least 3 years from exit. The archive query adds what other streams
 * hold: appeals, scores, rewards and volunteer services.
 */
export const toArchive = (m: Member, d: Discipline) => ({
  memberId: m.id,
  name: m.name,
  applicantType: m.applicantType,
  direction: m.direction,
  description: m.description,
  status: m.status,
  createdDate: m.onboarding?.date ?? null,
  materials: m.materials,
  admission: {
    initialReviewDue: m.initialReviewDue,
    projectEvaluationDue: m.projectEvaluationDue,
    rejection: m.rejection,
  },
  agreement: m.agreement,
  workspace: m.onboarding?.workspace ?? null,
  payments: m.payments,
  terms: m.terms,
  renewals: m.renewalHistory,
  discipline: {
    violations: d.cases,
    notices: d.notices,
    penalties: d.penalties,
    fines: d.fines,
    suspensions: d.suspensions,
  },
  exit: m.exit,
  clearOut: m.clearOut,
  annulments: m.annulments,
  retentionUntil: m.exit?.retentionUntil ?? null,
});
