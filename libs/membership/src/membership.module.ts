import { Module, type OnModuleInit } from '@nestjs/common';
import { Deadlines, Projections } from '@opc/platform';
import { memberDeadlineRules } from './members/member.deadlines';
import { ApplyForMembershipHandler, ExecuteMemberCommandHandler } from './members/member.handlers';
import { membersProjection } from './members/member.projection';
import { MemberQueries } from './members/member.queries';
import { MembersController } from './members/members.controller';

/** Part M of DOMAIN.md: one community's members. */
@Module({
  controllers: [MembersController],
  providers: [ApplyForMembershipHandler, ExecuteMemberCommandHandler, MemberQueries],
})
export class MembershipModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly deadlines: Deadlines,
  ) {}

  onModuleInit(): void {
    this.projections.register(membersProjection);
    this.deadlines.registerRules(memberDeadlineRules);
  }
}
