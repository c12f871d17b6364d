import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import { evolveMember, initialMember, toMemberView, type Member, type MemberEvent } from '../member.state';

export const MEMBERS_PROJECTION = 'members';

/** The member read model: current status and the member view, one document per member. */
export interface MemberDoc extends ReturnType<typeof toMemberView> {
  _id: string;
  state: Member;
  revision: number;
  position: number;
  appliedAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

export const membersProjection: Projection = {
  name: MEMBERS_PROJECTION,
  version: 1,
  collections: ['members'],
  async apply(event: RecordedEvent, tx) {
    if (!event.streamId.startsWith('member-')) return;
    const id = event.streamId.slice('member-'.length);
    const doc = await tx.get<MemberDoc>('members', id);
    const state = evolveMember(doc?.state ?? initialMember(), event as unknown as MemberEvent);
    tx.put('members', {
      _id: id,
      ...toMemberView(state),
      state,
      revision: event.revision,
      position: event.position,
      appliedAt: doc?.appliedAt ?? event.metadata.occurredAt,
      updatedAt: event.metadata.recordedAt,
    });
  },
};
