import type { PublishedResult } from '../communities/community.events';
import type { EvaluationCatalogue } from '../rules/catalogue';
import type { PanelResult } from '../rules/panel';
import type { Hundredths } from '../rules/points';
import type { CommunitySnapshot, EvaluationEvent, PublicityStarted } from './evaluation.events';

export type EvaluationStatus = 'open' | 'publicity' | 'published' | 'lapsed' | 'superseded' | 'revoked';

export interface EvidenceItem {
  evidenceId: string;
  indicator: string;
  fileRef: string;
  sha256: string;
  note: string | null;
  submittedDate: string;
}

export interface PanelExpert {
  expertId: string;
  assignedDate: string;
  declaredDate: string | null;
  recusedDate: string | null;
  note: string | null;
}

export interface SubmittedSheet {
  expertId: string;
  scores: Record<string, Hundredths>;
  bonus: Record<string, Hundredths>;
  vetoes: { item: string; reason: string }[];
  submittedDate: string;
  /** How many sheets the expert gave in all (the last one counts). */
  submissions: number;
}

/** One evaluation of a community, stream `evaluation-<id>` (C-FLOW-1: application → evidence → panel → publicity → publication). */
export interface Evaluation {
  status: EvaluationStatus | null;
  evaluationId: string;
  communityId: string;
  community: CommunitySnapshot | null;
  category: string;
  /** The catalogue version it was opened under, whole (C-DIM-2). */
  catalogue: EvaluationCatalogue | null;
  openedDate: string;
  evidence: EvidenceItem[];
  experts: PanelExpert[];
  /** The last sheet of each expert, in the order first submitted. */
  sheets: SubmittedSheet[];
  panel: (PanelResult & { closedDate: string }) | null;
  publicity: Omit<PublicityStarted['data'], 'evaluationId' | 'communityId'> | null;
  publication: PublishedResult | null;
  lapsedDate: string | null;
  supersession: { byEvaluationId: string; supersededDate: string } | null;
  revocation: { reason: string; revokedDate: string } | null;
}

export const initialEvaluation = (): Evaluation => ({
  status: null,
  evaluationId: '',
  communityId: '',
  community: null,
  category: '',
  catalogue: null,
  openedDate: '',
  evidence: [],
  experts: [],
  sheets: [],
  panel: null,
  publicity: null,
  publication: null,
  lapsedDate: null,
  supersession: null,
  revocation: null,
});

const withExpert = (s: Evaluation, expertId: string, change: Partial<PanelExpert>): Evaluation => ({
  ...s,
  experts: s.experts.map((x) => (x.expertId === expertId ? { ...x, ...change } : x)),
});

export function evolveEvaluation(s: Evaluation, event: EvaluationEvent): Evaluation {
  switch (event.type) {
    case 'EvaluationOpened.v1': {
      const { evaluationId, communityId, community, category, catalogue, openedDate } = event.data;
      return { ...s, status: 'open', evaluationId, communityId, community, category, catalogue, openedDate };
    }
    case 'EvidenceSubmitted.v1': {
      const { evaluationId: _, ...item } = event.data;
      return { ...s, evidence: [...s.evidence, item] };
    }
    case 'ExpertAssigned.v1':
      return {
        ...s,
        experts: [
          ...s.experts,
          {
            expertId: event.data.expertId,
            assignedDate: event.data.assignedDate,
            declaredDate: null,
            recusedDate: null,
            note: null,
          },
        ],
      };
    case 'ExpertDeclaredNoConflict.v1':
      return withExpert(s, event.data.expertId, { declaredDate: event.data.declaredDate, note: event.data.note });
    case 'ExpertRecused.v1':
      return withExpert(s, event.data.expertId, { recusedDate: event.data.recusedDate, note: event.data.note });
    case 'ExpertSheetSubmitted.v1': {
      const { expertId, scores, bonus, vetoes, submittedDate } = event.data;
      const earlier = s.sheets.find((x) => x.expertId === expertId);
      const sheet = { expertId, scores, bonus, vetoes, submittedDate, submissions: (earlier?.submissions ?? 0) + 1 };
      return {
        ...s,
        sheets: earlier ? s.sheets.map((x) => (x.expertId === expertId ? sheet : x)) : [...s.sheets, sheet],
      };
    }
    case 'ExpertPanelClosed.v1':
      return { ...s, panel: { ...event.data.panel, closedDate: event.data.closedDate } };
    case 'PublicityStarted.v1': {
      const { evaluationId: _, communityId: __, ...publicity } = event.data;
      return { ...s, status: 'publicity', publicity };
    }
    case 'EvaluationPublished.v1': {
      const { communityId: _, ...publication } = event.data;
      return { ...s, status: 'published', publication };
    }
    case 'EvaluationResultLapsed.v1':
      return { ...s, status: 'lapsed', lapsedDate: event.data.lapsedDate };
    case 'EvaluationResultSuperseded.v1':
      return {
        ...s,
        status: 'superseded',
        supersession: { byEvaluationId: event.data.byEvaluationId, supersededDate: event.data.supersededDate },
      };
    case 'EvaluationResultRevoked.v1':
      return { ...s, status: 'revoked', revocation: { reason: event.data.reason, revokedDate: event.data.revokedDate } };
    default:
      return s;
  }
}

export const foldEvaluation = (events: readonly { type: string; data: unknown }[]): Evaluation =>
  events.reduce((s, e) => evolveEvaluation(s, e as EvaluationEvent), initialEvaluation());

/** The experts who may still score: assigned and not recused. */
export const panelExperts = (s: Evaluation): PanelExpert[] => s.experts.filter((x) => x.recusedDate === null);

/** The sheets that count: those of experts still on the panel. */
export const countingSheets = (s: Evaluation): SubmittedSheet[] =>
  s.sheets.filter((sheet) => panelExperts(s).some((x) => x.expertId === sheet.expertId));

/** C-EVID-1: the items that have evidence. */
export const evidencedItems = (s: Evaluation): Set<string> => new Set(s.evidence.map((e) => e.indicator));
