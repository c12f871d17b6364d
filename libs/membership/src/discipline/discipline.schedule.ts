import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { businessDateOf, calendarDaysBetween, CLOCK, type Clock } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import type { Deadline, DeadlineAction } from '@opc/platform';
import { memberStreamId } from '../member.decider';
import { foldMember } from '../member.state';
import type { DisciplineCommand } from './discipline.commands';
import { ExecuteDisciplineCommand, type DisciplineReply } from './discipline.handlers';

/**
 * What the scheduler does on the disciplinary record as days pass: the fee tiers (M-PEN-7), the
 * late-exit tiers (M-PEN-1b) and the end of a suspension. The member's fee and clear-out are read
 * from its stream just before, so a fee paid a moment ago is not penalised.
 */
@Injectable()
export class DisciplineSchedule {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  actions(): Record<string, DeadlineAction> {
    return {
      ApplyFeeOverdueTier: this.action(async ({ memberId, feeDueDate }) => {
        const member = foldMember(await this.events.readStream(memberStreamId(memberId)));
        const term = member.terms.find((t) => t.feeDueDate === feeDueDate);
        const gone = member.status === 'exited' || member.status === null;
        return {
          type: 'ApplyFeeOverdueTier',
          memberId,
          feeDueDate,
          daysLate: calendarDaysBetween(feeDueDate, this.today()),
          outstandingFen: term && !gone ? term.feeFen - term.feePaidFen : 0,
        };
      }),
      ApplyLateExitTier: this.action(async ({ memberId, clearOutDueDate }) => {
        const member = foldMember(await this.events.readStream(memberStreamId(memberId)));
        const clearOut = member.clearOut;
        return {
          type: 'ApplyLateExitTier',
          memberId,
          clearOutDueDate,
          daysLate: calendarDaysBetween(clearOutDueDate, this.today()),
          // Confirmed, forced already, or back in (an annulled forced exit): nothing more to count.
          clearedOut: !clearOut || clearOut.confirmedDate !== null || clearOut.forced || clearOut.dueDate !== clearOutDueDate,
        };
      }),
      EndSuspension: this.action(async ({ memberId, suspensionId, untilDate }) => ({
        type: 'EndSuspension',
        memberId,
        suspensionId,
        untilDate,
      })),
    };
  }

  private today(): string {
    return businessDateOf(this.clock.now());
  }

  private action(build: (payload: Record<string, string>) => Promise<DisciplineCommand>): DeadlineAction {
    return async (deadline: Deadline, meta) => {
      const payload = deadline.action!.payload as Record<string, string>;
      const reply = await this.commands.execute<ExecuteDisciplineCommand, DisciplineReply>(
        new ExecuteDisciplineCommand(
          payload.memberId,
          await build(payload),
          { actor: meta.actor, commandId: meta.commandId, correlationId: deadline._id },
          meta.occurredAt,
        ),
      );
      return reply.recorded;
    };
  }
}
