import type { Member } from '../member.state';

/**
 * M-ARC-1: the member's archive — application materials, agreement, payments, terms and renewals,
 * exit — complete and confidential; M-ARC-2: kept at least 3 years from exit. Scores, violations,
 * penalties, rewards and appeals join it as their slices are built.
 */
export const toArchive = (m: Member) => ({
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
  exit: m.exit,
  retentionUntil: m.exit?.retentionUntil ?? null,
});
