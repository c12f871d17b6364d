import type { AdmissionEvent, DueDate, EvidenceItem } from './admission/admission.events';
import type { ApplicantType, Direction } from './rules/membership-rules';

/** API.md "Member status". */
export type MemberStatus = 'applied' | 'reviewed' | 'approved' | 'rejected' | 'signed' | 'active' | 'exiting' | 'exited';
export type ExitKind = 'voluntary' | 'expired' | 'forced' | 'eliminated';

/** Every event of a member stream (`member-<id>`). Later slices add their events here. */
export type MemberEvent = AdmissionEvent;

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
  exitKind: ExitKind | null;
  term: { start: string; end: string } | null;
  renewals: number;
  warnings: number;
  fines: { count: number; totalFen: number };
  latestScore: number | null;
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
  exitKind: null,
  term: null,
  renewals: 0,
  warnings: 0,
  fines: { count: 0, totalFen: 0 },
  latestScore: null,
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
    default:
      // Unknown (newer) event types leave the state as it is, so old code can read new streams.
      return state;
  }
};

/** The member as read (API.md "Members"): never the subject, not even its hash. */
export interface MemberView {
  id: string;
  name: string;
  applicantType: ApplicantType | null;
  direction: Direction | null;
  status: MemberStatus | null;
  exitKind: ExitKind | null;
  term: { start: string; end: string } | null;
  renewals: number;
  warnings: number;
  fines: { count: number; totalFen: number };
  latestScore: number | null;
  deadlines: { initialReview: DueDate | null; projectEvaluation: DueDate | null };
  rejection: Member['rejection'];
  materials: EvidenceItem[];
}

export const toMemberView = (m: Member): MemberView => ({
  id: m.id,
  name: m.name,
  applicantType: m.applicantType,
  direction: m.direction,
  status: m.status,
  exitKind: m.exitKind,
  term: m.term,
  renewals: m.renewals,
  warnings: m.warnings,
  fines: m.fines,
  latestScore: m.latestScore,
  deadlines: { initialReview: m.initialReviewDue, projectEvaluation: m.projectEvaluationDue },
  rejection: m.rejection,
  materials: m.materials,
});
