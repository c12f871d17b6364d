import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { AppealEvent, ContestedDecision } from './appeal.events';

export const APPEALS_PROJECTION = 'appeals';

/** One document per appeal, for the appeal handler's list and the member's archive. */
export interface AppealDoc {
  _id: string;
  memberId: string;
  status: 'open' | 'upheld' | 'rejected';
  decision: ContestedDecision;
  grounds: string;
  filedDate: string;
  answerDueDate: string;
  answerDueProvisional: boolean;
  outcome: { upheld: boolean; reason: string; decidedDate: string; late: boolean } | null;
  position: number;
  [key: string]: unknown;
}

export const appealsProjection: Projection = {
  name: APPEALS_PROJECTION,
  version: 1,
  collections: ['appeals'],
  eventTypes: ['AppealFiled.v1', 'AppealDecided.v1'],
  async apply(recorded: RecordedEvent, tx) {
    const event = recorded as unknown as AppealEvent;
    if (event.type === 'AppealFiled.v1') {
      const d = event.data;
      tx.put('appeals', {
        _id: d.appealId,
        memberId: d.memberId,
        status: 'open',
        decision: d.decision,
        grounds: d.grounds,
        filedDate: d.filedDate,
        answerDueDate: d.answerDue.date,
        answerDueProvisional: d.answerDue.provisional,
        outcome: null,
        position: recorded.position,
      } satisfies AppealDoc);
      return;
    }
    const doc = await tx.get<AppealDoc>('appeals', event.data.appealId);
    if (!doc) return;
    const { upheld, reason, decidedDate, late } = event.data;
    tx.put('appeals', {
      ...doc,
      status: upheld ? 'upheld' : 'rejected',
      outcome: { upheld, reason, decidedDate, late },
      position: recorded.position,
    });
  },
};
