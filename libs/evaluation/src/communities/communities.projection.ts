import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { CommunityEvent } from './community.events';
import { currentResult, evolveCommunity, initialCommunity, type Community, type CommunityResult } from './community.state';

export const COMMUNITIES_PROJECTION = 'communities';

/**
 * One document per community for the list (`GET /communities?grade=&category=&status=&expiringBefore=`):
 * the folded community and, flat for filtering, its category and its current result as recorded.
 * Whether a valid result has passed its end is decided at read time against today.
 */
export interface CommunityDoc {
  _id: string;
  state: Community;
  name: string;
  category: string | null;
  /** The current result's recorded status; null: never evaluated. */
  resultStatus: CommunityResult['status'] | null;
  grade: string | null;
  validUntil: string | null;
  revision: number;
  position: number;
  [key: string]: unknown;
}

export const communitiesProjection: Projection = {
  name: COMMUNITIES_PROJECTION,
  version: 1,
  collections: ['communities'],
  eventTypes: [
    'CommunityRegistered.v1',
    'CommunityAreaChanged.v1',
    'BasicConditionsChanged.v1',
    'CommunityResultPublished.v1',
    'CommunityResultLapsed.v1',
    'CommunityResultRevoked.v1',
  ],
  async apply(recorded: RecordedEvent, tx) {
    if (!recorded.streamId.startsWith('community-')) return;
    const id = recorded.streamId.slice('community-'.length);
    const doc = await tx.get<CommunityDoc>('communities', id);
    const state = evolveCommunity(doc?.state ?? initialCommunity(), recorded as unknown as CommunityEvent);
    const current = currentResult(state);
    tx.put('communities', {
      _id: id,
      state,
      name: state.name,
      category: state.category,
      resultStatus: current?.status ?? null,
      grade: current?.outcome === 'graded' ? current.grade : null,
      validUntil: current?.validUntil ?? null,
      revision: recorded.revision,
      position: recorded.position,
    } satisfies CommunityDoc);
  },
};
