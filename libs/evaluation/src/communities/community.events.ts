import type { Exact } from '../rules/points';

/** What a community's published result says (C-RES-1), as carried from its evaluation. */
export interface PublishedResult {
  evaluationId: string;
  /** C-VETO-1: a vetoed evaluation is published too, with no grade. */
  outcome: 'graded' | 'vetoed';
  category: string;
  grade: string | null;
  resultText: string;
  resultTextEn: string;
  /** Base + bonus, exactly (hundredths over the sheets counted). */
  total: Exact;
  publishedDate: string;
  /** C-VALID-1: valid from the publication for the catalogue's years, exclusive end; null when vetoed. */
  validFrom: string | null;
  validUntil: string | null;
  lastValidDate: string | null;
}

/** C-CAT-1 / C-BASIC-1: a community registered with its area (the category follows) and its basic conditions. */
export type CommunityRegistered = {
  type: 'CommunityRegistered.v1';
  data: {
    communityId: string;
    name: string;
    operator: string;
    areaM2: number;
    /** null: below the lowest category, not eligible. */
    category: string | null;
    basicConditions: Record<string, boolean>;
    registeredDate: string;
  };
};

/** C-CAT-1: the operating area changed; the category follows. */
export type CommunityAreaChanged = {
  type: 'CommunityAreaChanged.v1';
  data: {
    communityId: string;
    areaM2: number;
    previousAreaM2: number;
    category: string | null;
    previousCategory: string | null;
    reason: string;
    changedDate: string;
  };
};

/** C-BASIC-1: conditions stated again; `basicConditions` is the whole set after the change. */
export type BasicConditionsChanged = {
  type: 'BasicConditionsChanged.v1';
  data: { communityId: string; basicConditions: Record<string, boolean>; changed: string[]; reason: string; changedDate: string };
};

/** C-RES-1 / C-VALID-1: an evaluation's result published; it replaces a result still valid. */
export type CommunityResultPublished = {
  type: 'CommunityResultPublished.v1';
  data: PublishedResult & { communityId: string; replaces: string | null };
};

/** C-VALID-1: the current result's year ended with no re-evaluation published. */
export type CommunityResultLapsed = {
  type: 'CommunityResultLapsed.v1';
  data: { communityId: string; evaluationId: string; lapsedDate: string };
};

/** C-VALID-2: a result revoked (fraud); `wasCurrent`: the community's current result, now shown revoked. */
export type CommunityResultRevoked = {
  type: 'CommunityResultRevoked.v1';
  data: { communityId: string; evaluationId: string; reason: string; revokedDate: string; wasCurrent: boolean };
};

export type CommunityEvent =
  | CommunityRegistered
  | CommunityAreaChanged
  | BasicConditionsChanged
  | CommunityResultPublished
  | CommunityResultLapsed
  | CommunityResultRevoked;
