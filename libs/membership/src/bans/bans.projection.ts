import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { ForcedExitDecided, MemberEliminated } from '../exit/exit.events';

export const BANS_PROJECTION = 'bans';

export interface BanRecord {
  memberId: string;
  clause: string;
  reason: string;
  decidedDate: string;
  /** First day the subject may apply again. */
  banUntil: string;
}

/** M-BAN / M-ADM-7: one document per subject (keyed hash), holding the ban that ends last and every ban. */
export interface BanDoc extends BanRecord {
  _id: string;
  history: BanRecord[];
  [key: string]: unknown;
}

export const bansProjection: Projection = {
  name: BANS_PROJECTION,
  version: 1,
  collections: ['bans'],
  eventTypes: ['ForcedExitDecided.v1', 'MemberEliminated.v1'],
  async apply(recorded: RecordedEvent, tx) {
    const event = recorded as unknown as ForcedExitDecided | MemberEliminated;
    const { data } = event;
    // M-EXIT-3: an elimination bans only when the rule set in force gave it a ban.
    if (data.banUntil === null) return;
    const ban: BanRecord = {
      memberId: recorded.streamId.slice('member-'.length),
      clause: event.type === 'ForcedExitDecided.v1' ? event.data.clause : 'M-EXIT-3',
      reason: data.reason,
      decidedDate: data.decidedDate,
      banUntil: data.banUntil,
    };
    const doc = await tx.get<BanDoc>('bans', data.subjectHash);
    const history = [...(doc?.history ?? []), ban];
    const latest = history.reduce((a, b) => (b.banUntil > a.banUntil ? b : a));
    tx.put('bans', { _id: data.subjectHash, ...latest, history });
  },
};
