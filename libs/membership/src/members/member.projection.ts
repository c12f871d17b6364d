import { businessDateOf, type RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { DisciplineEvent } from '../discipline/discipline.events';
import { disciplineSummary, evolveDiscipline, initialDiscipline, type Discipline } from '../discipline/discipline.state';
import { evolveMember, initialMember, toMemberView, type Member, type MemberEvent } from '../member.state';

export const MEMBERS_PROJECTION = 'members';

/**
 * The member read model: one document per member, joining its membership (`member-<id>`) and its
 * disciplinary record (`discipline-<id>`), so a read or a list needs one document.
 */
export interface MemberDoc extends ReturnType<typeof toMemberView> {
  _id: string;
  state: Member;
  discipline: Discipline;
  /** Standing warnings, for lists and dashboards. */
  warnings: number;
  finesIssuedFen: number;
  finesPaidFen: number;
  revision: number;
  position: number;
  disciplineRevision: number;
  appliedAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

const idOf = (streamId: string): string | null => {
  if (streamId.startsWith('member-')) return streamId.slice('member-'.length);
  if (streamId.startsWith('discipline-')) return streamId.slice('discipline-'.length);
  return null;
};

export const membersProjection: Projection = {
  name: MEMBERS_PROJECTION,
  // v2: joins the disciplinary record.
  version: 2,
  collections: ['members'],
  async apply(event: RecordedEvent, tx) {
    const id = idOf(event.streamId);
    if (id === null) return;
    const doc = await tx.get<MemberDoc>('members', id);
    const onMember = event.streamId.startsWith('member-');
    // A record without a member (never expected) waits in a document of its own until the member shows up.
    const state = onMember
      ? evolveMember(doc?.state ?? initialMember(), event as unknown as MemberEvent)
      : (doc?.state ?? initialMember());
    const discipline = onMember
      ? (doc?.discipline ?? initialDiscipline())
      : evolveDiscipline(doc?.discipline ?? initialDiscipline(), event as unknown as DisciplineEvent);
    const summary = disciplineSummary(discipline, businessDateOf(event.metadata.recordedAt));
    tx.put('members', {
      _id: id,
      ...toMemberView(state),
      state,
      discipline,
      warnings: summary.warnings,
      finesIssuedFen: summary.fines.issuedFen,
      finesPaidFen: summary.fines.paidFen,
      revision: onMember ? event.revision : (doc?.revision ?? -1),
      position: Math.max(event.position, doc?.position ?? 0),
      disciplineRevision: onMember ? (doc?.disciplineRevision ?? -1) : event.revision,
      appliedAt: doc?.appliedAt ?? event.metadata.occurredAt,
      updatedAt: event.metadata.recordedAt,
    });
  },
};
