import { Module, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Deadlines, Processes, Projections, RuleSets, type DeadlineAction } from '@opc/platform';
import { MEMBERSHIP_RULE_SETS } from './rules/membership-rule-sets';
import { BansController } from './bans/bans.controller';
import { bansProjection } from './bans/bans.projection';
import { BanLookup } from './bans/bans.queries';
import type { MemberCommand } from './member.decider';
import { MEMBER_DEADLINE_KINDS, memberDeadlineRules } from './members/member.deadlines';
import {
  ApplyForMembershipHandler,
  ExecuteMemberCommand,
  ExecuteMemberCommandHandler,
  type MemberCommandReply,
} from './members/member.handlers';
import { membersProjection } from './members/member.projection';
import { MemberQueries } from './members/member.queries';
import { MembersController } from './members/members.controller';
import { subjectReleaseProcess } from './subjects/subject-release.process';

/** The commands the scheduler issues from member deadlines (M-TERM-2/4, M-EXIT-1). */
const SCHEDULED: MemberCommand['type'][] = ['IssueRenewalReminder', 'EndTerm', 'EndExitBuffer', 'CompleteVoluntaryExit'];

/** Part M of the rules (docs/rules.md, M-…): one community's members. */
@Module({
  controllers: [MembersController, BansController],
  providers: [ApplyForMembershipHandler, ExecuteMemberCommandHandler, MemberQueries, BanLookup],
})
export class MembershipModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly processes: Processes,
    private readonly deadlines: Deadlines,
    private readonly commands: CommandBus,
    private readonly ruleSets: RuleSets,
  ) {}

  onModuleInit(): void {
    this.projections.register(membersProjection);
    this.projections.register(bansProjection);
    this.processes.register(subjectReleaseProcess);
    this.deadlines.registerRules(memberDeadlineRules, MEMBER_DEADLINE_KINDS);
    this.ruleSets.register('membership', MEMBERSHIP_RULE_SETS);
    for (const type of SCHEDULED) this.deadlines.registerAction(type, this.scheduled(type));
  }

  private scheduled(type: MemberCommand['type']): DeadlineAction {
    return async (deadline, meta) => {
      const payload = deadline.action!.payload as { memberId: string };
      const command = { ...payload, type } as MemberCommand;
      const reply = await this.commands.execute<ExecuteMemberCommand, MemberCommandReply>(
        new ExecuteMemberCommand(
          payload.memberId,
          command,
          { actor: meta.actor, commandId: meta.commandId, correlationId: deadline._id },
          meta.occurredAt,
        ),
      );
      return reply.recorded;
    };
  }
}
