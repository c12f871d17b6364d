import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type {
  ForcedClearOutAnnulled,
  ForcedClearOutDecided,
  EliminationAnnulled,
  ForcedExitAnnulled,
  ForcedExitDecided,
  MemberEliminated,
} from '../exit/exit.events';

export const BANS_PROJECTION = 'bans';

export interface BanRecord {
  memberId: string;
  clause: string;
  reason: string;
  decidedDate: string;
  /** First day the subject may apply again. */
  banUntil: string;
  /** Lifted on appeal (M-APL-2): kept in the history, no longer barring. */
  liftedDate?: string | null;
}

/** M-BAN / M-ADM-7: one document per subject (keyed hash): the standing ban that ends last (null: none) and every ban. */
export interface BanDoc {
  _id: string;
  standing: BanRecord | null;
  history: BanRecord[];
  [key: string]: unknown;
}

type BanEvent =
  | ForcedExitDecided
  | ForcedClearOutDecided
  | MemberEliminated
  | ForcedExitAnnulled
  | EliminationAnnulled
  | ForcedClearOutAnnulled;

/** The ban that bars: the one that ends last, of those not lifted. */
const latestStanding = (history: BanRecord[]): BanRecord | null =>
  history.filter((b) => !b.liftedDate).reduce<BanRecord | null>((a, b) => (a === null || b.banUntil > a.banUntil ? b : a), null);

export const bansProjection: Projection = {
  name: BANS_PROJECTION,
  version: 2,
  collections: ['bans'],
  eventTypes: [
    'ForcedExitDecided.v2',
    'ForcedClearOutDecided.v1',
    'MemberEliminated.v1',
    'ForcedExitAnnulled.v1',
    'EliminationAnnulled.v1',
    'ForcedClearOutAnnulled.v1',
  ],
  async apply(recorded: RecordedEvent, tx) {
    const event = recorded as unknown as BanEvent;
    const memberId = recorded.streamId.slice('member-'.length);
    const doc = await tx.get<BanDoc>('bans', event.data.subjectHash);
    let history = doc?.history ?? [];
    switch (event.type) {
      case 'ForcedExitAnnulled.v1':
      case 'EliminationAnnulled.v1':
      case 'ForcedClearOutAnnulled.v1':
        // The member's ban lifted on appeal; an earlier ban of the subject still stands.
        history = history.map((b) =>
          b.memberId === memberId && !b.liftedDate ? { ...b, liftedDate: event.data.annulledDate } : b,
        );
        break;
      default: {
        // M-EXIT-3: an elimination bans only when the rule set in force gave it a ban.
        if (event.data.banUntil === null) return;
        history = [
          ...history,
          {
            memberId,
            clause: event.type === 'MemberEliminated.v1' ? 'M-EXIT-3' : event.data.clause,
            reason: event.data.reason,
            decidedDate: event.data.decidedDate,
            banUntil: event.data.banUntil,
            liftedDate: null,
          },
        ];
      }
    }
    tx.put('bans', { _id: event.data.subjectHash, standing: latestStanding(history), history });
  },
};
