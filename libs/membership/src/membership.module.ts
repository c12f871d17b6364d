import { Module, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Deadlines, Processes, Projections, RuleSets, Upcasters, type DeadlineAction } from '@opc/platform';
import { MEMBERSHIP_RULES_V1 } from './rules/membership-rules';
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
import { registerMemberUpcasters } from './members/member.upcasters';
import { MemberQueries } from './members/member.queries';
import { MemberTimeline } from './members/member-timeline';
import { MembersController } from './members/members.controller';
import { subjectReleaseProcess } from './subjects/subject-release.process';
import { DisciplineController } from './discipline/discipline.controller';
import { DISCIPLINE_DEADLINE_KINDS, disciplineDeadlineRules } from './discipline/discipline.deadlines';
import { ExecuteDisciplineCommandHandler } from './discipline/discipline.handlers';
import { DisciplineRecords } from './discipline/discipline.records';
import { DisciplineSchedule } from './discipline/discipline.schedule';
import { penaltyEffectsProcess } from './discipline/penalty-effects.process';
import { appealEffectsProcess } from './appeals/appeal-effects.process';
import { APPEAL_DEADLINE_KINDS, appealDeadlineRules } from './appeals/appeal.deadlines';
import { AppealsController } from './appeals/appeals.controller';
import { appealsProjection } from './appeals/appeals.projection';
import { Appeals } from './appeals/appeals.service';
import { schemeProblems, SCORING_SCHEME_V1 } from './rules/scoring-scheme';
import { eliminationProcess } from './scoring/elimination.process';
import { ScoringController } from './scoring/scoring.controller';
import { scoringProjection } from './scoring/scoring.projection';
import { Scoring, SCORING } from './scoring/scoring.service';
import { REWARD_DEADLINE_KINDS, rewardDeadlineRules } from './rewards/reward.deadlines';
import { RewardsController } from './rewards/rewards.controller';
import { rewardsProjection } from './rewards/rewards.projection';
import { Rewards } from './rewards/rewards.service';
import { REQUEST_DEADLINE_KINDS, requestDeadlineRules, REQUEST_BREACH_ACTIONS } from './requests/request.deadlines';
import { RequestsController } from './requests/requests.controller';
import { requestsProjection } from './requests/requests.projection';
import { Requests } from './requests/requests.service';

/** The commands the scheduler issues from member deadlines (M-TERM-2/4, M-EXIT-1). */
const SCHEDULED: MemberCommand['type'][] = ['IssueRenewalReminder', 'EndTerm', 'EndExitBuffer', 'CompleteVoluntaryExit'];

/** Part M of the rules (docs/rules.md, M-…): one community's members. */
@Module({
  controllers: [
    MembersController,
    BansController,
    DisciplineController,
    AppealsController,
    ScoringController,
    RewardsController,
    RequestsController,
  ],
  providers: [
    ApplyForMembershipHandler,
    ExecuteMemberCommandHandler,
    ExecuteDisciplineCommandHandler,
    MemberQueries,
    MemberTimeline,
    BanLookup,
    DisciplineRecords,
    DisciplineSchedule,
    Appeals,
    Scoring,
    Rewards,
    Requests,
  ],
})
export class MembershipModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly processes: Processes,
    private readonly deadlines: Deadlines,
    private readonly commands: CommandBus,
    private readonly ruleSets: RuleSets,
    private readonly disciplineSchedule: DisciplineSchedule,
    private readonly upcasters: Upcasters,
    private readonly appeals: Appeals,
    private readonly scoring: Scoring,
    private readonly rewards: Rewards,
    private readonly requests: Requests,
  ) {}

  onModuleInit(): void {
    // Before anything reads the log (projections start at bootstrap, after every module's init).
    registerMemberUpcasters(this.upcasters);
    this.projections.register(membersProjection);
    this.projections.register(bansProjection);
    this.processes.register(subjectReleaseProcess);
    this.processes.register(penaltyEffectsProcess);
    this.processes.register(appealEffectsProcess);
    this.projections.register(appealsProjection);
    this.projections.register(scoringProjection);
    this.processes.register(eliminationProcess);
    this.ruleSets.register({ name: SCORING, shipped: SCORING_SCHEME_V1, validate: schemeProblems });
    // M-APL-1: scores are contested through the appeal flow too.
    this.appeals.registerFinder({ find: (memberId, eventId) => this.scoring.findScore(memberId, eventId) });
    // M-REW-4: so are rewards, during their publicity.
    this.projections.register(rewardsProjection);
    this.deadlines.registerRules(rewardDeadlineRules, REWARD_DEADLINE_KINDS);
    this.appeals.registerFinder({ find: (memberId, eventId) => this.rewards.findReward(memberId, eventId) });
    // M-SVC-1: service requests; the scheduler records a due date passed unanswered.
    this.projections.register(requestsProjection);
    this.deadlines.registerRules(requestDeadlineRules, REQUEST_DEADLINE_KINDS);
    this.deadlines.registerAction(REQUEST_BREACH_ACTIONS['request-response'], this.requests.breachAction('RecordResponseBreach'));
    this.deadlines.registerAction(
      REQUEST_BREACH_ACTIONS['request-resolution'],
      this.requests.breachAction('RecordResolutionBreach'),
    );
    this.deadlines.registerRules(memberDeadlineRules, MEMBER_DEADLINE_KINDS);
    this.deadlines.registerRules(disciplineDeadlineRules, DISCIPLINE_DEADLINE_KINDS);
    this.deadlines.registerRules(appealDeadlineRules, APPEAL_DEADLINE_KINDS);
    this.ruleSets.register({ name: 'membership', shipped: MEMBERSHIP_RULES_V1 });
    for (const type of SCHEDULED) this.deadlines.registerAction(type, this.scheduled(type));
    for (const [command, action] of Object.entries(this.disciplineSchedule.actions()))
      this.deadlines.registerAction(command, action);
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
