import { Module, type OnModuleInit } from '@nestjs/common';
import { Deadlines, Processes, Projections, RuleSets, type DeadlineAction } from '@opc/platform';
import { CommunitiesController } from './communities/communities.controller';
import { communitiesProjection } from './communities/communities.projection';
import { Communities } from './communities/communities.service';
import { evaluationResultsProcess } from './evaluations/evaluation-results.process';
import { EVALUATION_DEADLINE_KINDS, evaluationDeadlineRules, LAPSE_COMMAND } from './evaluations/evaluation.deadlines';
import { EvaluationsController } from './evaluations/evaluations.controller';
import { evaluationsProjection } from './evaluations/evaluations.projection';
import { Evaluations } from './evaluations/evaluations.service';
import { validateCatalogue } from './rules/catalogue';
import { EVALUATION_CATALOGUE_V1 } from './rules/catalogue-v1';
import { EVALUATION } from './rules/evaluation-rule-sets';

/** Part C of the rules (docs/rules.md, C-…): evaluating whole communities. */
@Module({
  controllers: [CommunitiesController, EvaluationsController],
  providers: [Communities, Evaluations],
})
export class EvaluationModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly processes: Processes,
    private readonly deadlines: Deadlines,
    private readonly ruleSets: RuleSets,
    private readonly evaluations: Evaluations,
  ) {}

  onModuleInit(): void {
    this.ruleSets.register({ name: EVALUATION, shipped: EVALUATION_CATALOGUE_V1, validate: validateCatalogue });
    this.projections.register(communitiesProjection);
    this.projections.register(evaluationsProjection);
    this.processes.register(evaluationResultsProcess);
    this.deadlines.registerRules(evaluationDeadlineRules, EVALUATION_DEADLINE_KINDS);
    this.deadlines.registerAction(LAPSE_COMMAND, this.lapse());
  }

  /** C-VALID-1: on the first day after its year, the scheduler records the result's lapse. */
  private lapse(): DeadlineAction {
    return (deadline, meta) =>
      this.evaluations.lapse((deadline.action!.payload as { evaluationId: string }).evaluationId, {
        actor: meta.actor,
        commandId: meta.commandId,
        correlationId: deadline._id,
        occurredAt: meta.occurredAt,
      });
  }
}
