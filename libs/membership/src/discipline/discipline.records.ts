import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { disciplineStreamId } from './discipline.decider';
import { disciplineSummary, foldDiscipline, standingCases, type Discipline } from './discipline.state';

/**
 * The disciplinary record read for a decision on another stream (a renewal, a forced exit): folded
 * from the event store, so it is exact at the moment of the decision, never a lagging projection.
 */
@Injectable()
export class DisciplineRecords {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async of(memberId: string): Promise<Discipline> {
    return foldDiscipline(await this.events.readStream(disciplineStreamId(memberId)));
  }

  /** M-TERM-3: the standing violations, for the renewal decider to weigh against the current term. */
  async violations(memberId: string) {
    return standingCases(await this.of(memberId)).map((c) => ({
      caseId: c.caseId,
      clause: c.clause,
      occurredDate: c.occurredDate,
    }));
  }

  /** M-EXIT-2: what the member's record shows of warnings and notices not rectified. */
  async forForcedExit(memberId: string, today: string) {
    const record = await this.of(memberId);
    return {
      warnings: disciplineSummary(record, today).warnings,
      notRectified: record.notices.filter(
        (n) => n.status === 'not-rectified' && !record.cases.find((c) => c.caseId === n.caseId)?.annulled,
      ).length,
    };
  }
}
