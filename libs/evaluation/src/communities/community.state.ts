import { displayPoints, exactPointsText } from '../rules/points';
import type { CommunityEvent, PublishedResult } from './community.events';

/** A result as the community keeps it: published, then possibly lapsed, replaced or revoked. */
export interface CommunityResult extends PublishedResult {
  /** `valid` is as recorded: a read past `validUntil` before the scheduler's lapse shows it lapsed. */
  status: 'valid' | 'vetoed' | 'lapsed' | 'replaced' | 'revoked';
  lapsedDate: string | null;
  replacedBy: string | null;
  replacedDate: string | null;
  revocation: { reason: string; revokedDate: string } | null;
}

/** A registered community, stream `community-<id>`: its profile and every result published for it. */
export interface Community {
  communityId: string | null;
  name: string;
  operator: string;
  areaM2: number;
  category: string | null;
  basicConditions: Record<string, boolean>;
  registeredDate: string | null;
  /** Every published result, oldest first. */
  results: CommunityResult[];
  /** The evaluation whose result is the community's current one. */
  current: string | null;
}

export type CommunityStatus = 'valid' | 'lapsed' | 'revoked' | 'none';

export const initialCommunity = (): Community => ({
  communityId: null,
  name: '',
  operator: '',
  areaM2: 0,
  category: null,
  basicConditions: {},
  registeredDate: null,
  results: [],
  current: null,
});

const withResult = (c: Community, evaluationId: string, change: (r: CommunityResult) => CommunityResult): Community => ({
  ...c,
  results: c.results.map((r) => (r.evaluationId === evaluationId ? change(r) : r)),
});

export function evolveCommunity(c: Community, event: CommunityEvent): Community {
  switch (event.type) {
    case 'CommunityRegistered.v1': {
      const { communityId, name, operator, areaM2, category, basicConditions, registeredDate } = event.data;
      return { ...c, communityId, name, operator, areaM2, category, basicConditions: { ...basicConditions }, registeredDate };
    }
    case 'CommunityAreaChanged.v1':
      return { ...c, areaM2: event.data.areaM2, category: event.data.category };
    case 'BasicConditionsChanged.v1':
      return { ...c, basicConditions: { ...event.data.basicConditions } };
    case 'CommunityResultPublished.v1': {
      const { communityId: _, replaces, ...result } = event.data;
      const before = replaces
        ? withResult(c, replaces, (r) => ({
            ...r,
            status: 'replaced',
            replacedBy: result.evaluationId,
            replacedDate: result.publishedDate,
          }))
        : c;
      const added: CommunityResult = {
        ...result,
        status: result.outcome === 'vetoed' ? 'vetoed' : 'valid',
        lapsedDate: null,
        replacedBy: null,
        replacedDate: null,
        revocation: null,
      };
      return { ...before, results: [...before.results, added], current: result.evaluationId };
    }
    case 'CommunityResultLapsed.v1':
      return withResult(c, event.data.evaluationId, (r) => ({ ...r, status: 'lapsed', lapsedDate: event.data.lapsedDate }));
    case 'CommunityResultRevoked.v1': {
      const { reason, revokedDate } = event.data;
      return withResult(c, event.data.evaluationId, (r) => ({ ...r, status: 'revoked', revocation: { reason, revokedDate } }));
    }
    default:
      return c;
  }
}

export const foldCommunity = (events: readonly { type: string; data: unknown }[]): Community =>
  events.reduce((c, e) => evolveCommunity(c, e as CommunityEvent), initialCommunity());

export const currentResult = (c: Community): CommunityResult | null =>
  c.current === null ? null : (c.results.find((r) => r.evaluationId === c.current) ?? null);

/** A result's status on `today`: a valid one past its exclusive end has lapsed, recorded or not (C-VALID-1). */
export const resultStatusOn = (r: CommunityResult, today: string): CommunityResult['status'] =>
  r.status === 'valid' && r.validUntil !== null && today >= r.validUntil ? 'lapsed' : r.status;

/** The community's status on `today` (C-VALID-1/2): what its current result is worth. A vetoed result is no grade: none. */
export function communityStatusOn(c: Community, today: string): CommunityStatus {
  const r = currentResult(c);
  if (!r) return 'none';
  const status = resultStatusOn(r, today);
  if (status === 'valid' || status === 'lapsed' || status === 'revoked') return status;
  return 'none';
}

const resultView = (r: CommunityResult, today: string) => ({
  evaluationId: r.evaluationId,
  outcome: r.outcome,
  category: r.category,
  grade: r.grade,
  resultText: r.resultText,
  resultTextEn: r.resultTextEn,
  total: { points: displayPoints(r.total), exact: exactPointsText(r.total) },
  publishedDate: r.publishedDate,
  validFrom: r.validFrom,
  validUntil: r.validUntil,
  lastValidDate: r.lastValidDate,
  status: resultStatusOn(r, today),
  lapsedDate: r.lapsedDate ?? (resultStatusOn(r, today) === 'lapsed' ? r.validUntil : null),
  replacedBy: r.replacedBy,
  replacedDate: r.replacedDate,
  revocation: r.revocation,
});

/**
 * The community as read on `today` (C-CAT-1, C-RES-1, C-VALID-1/2): its category from its area
 * now, and the grade and result text it holds, with their validity; every past result below.
 */
export function toCommunityView(c: Community, today: string) {
  const current = currentResult(c);
  const status = communityStatusOn(c, today);
  const holds = current !== null && current.outcome === 'graded';
  return {
    id: c.communityId!,
    name: c.name,
    operator: c.operator,
    areaM2: c.areaM2,
    category: c.category,
    basicConditions: c.basicConditions,
    registeredDate: c.registeredDate!,
    status,
    grade: holds ? current.grade : null,
    resultText: current?.resultText ?? null,
    resultTextEn: current?.resultTextEn ?? null,
    evaluationId: current?.evaluationId ?? null,
    publishedDate: current?.publishedDate ?? null,
    validFrom: holds ? current.validFrom : null,
    validUntil: holds ? current.validUntil : null,
    lastValidDate: holds ? current.lastValidDate : null,
    revocation: current?.revocation ?? null,
    results: c.results.map((r) => resultView(r, today)),
  };
}
