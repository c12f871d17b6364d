import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, deterministicId, Forbidden, newId, NotFound, type Actor, type Clock, type RecordedEvent } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import {
  CommandPipeline,
  Processes,
  Projections,
  RuleSets,
  ruleSetAt,
  selectEvents,
  type AsOfSelection,
  type CommandContext,
  type CommandMeta,
} from '@opc/platform';
import { Communities, historyEntry, metaOf } from '../communities/communities.service';
import type { EvaluationCatalogue } from '../rules/catalogue';
import { EVALUATION, ownCatalogue } from '../rules/evaluation-rule-sets';
import type { EvaluationCommand, SubmitExpertSheet } from './evaluation.commands';
import { evaluationDecider, evaluationStreamId } from './evaluation.decider';
import type { EvaluationEvent, EvaluationOpened } from './evaluation.events';
import { foldEvaluation, type Evaluation } from './evaluation.state';
import { sheetView, toChecklist, toEvaluationView } from './evaluation.view';
import { EVALUATIONS_PROJECTION, type EvaluationDoc } from './evaluations.projection';

/** Who reads: staff see everything; an expert (`expertId`) only an evaluation it is assigned to. */
export interface EvaluationReader {
  expertId?: string;
}

export const readerOf = (actor: Actor): EvaluationReader => (actor.role === 'expert' ? { expertId: actor.id } : {});

/**
 * Evaluations (C-FLOW-1 and the rules it runs through): opening for a community, evidence, the
 * expert panel, publicity, publication, revocation, the lapse on the day; and the reads — the
 * evaluation folded from its stream (as of any moment), its checklist, one sheet, its history.
 */
@Injectable()
export class Evaluations {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly processes: Processes,
    private readonly projections: Projections,
    private readonly ruleSets: RuleSets,
    private readonly communities: Communities,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** C-FLOW-1 (application): the community read from its stream, then judged under the catalogue in force (C-CAT-1, C-BASIC-1). */
  async open(communityId: string, ctx: CommandContext, occurredAt?: string) {
    const community = await this.communities.snapshot(communityId);
    const evaluationId = ctx.idempotencyKey ? deterministicId('evaluation', ctx.actor.id, ctx.idempotencyKey) : newId();
    const r = await this.pipeline.run(
      evaluationDecider,
      await this.ruleSets.history<EvaluationCatalogue>(EVALUATION),
      evaluationStreamId(evaluationId),
      { type: 'OpenEvaluation', evaluationId, community },
      metaOf(ctx, occurredAt),
    );
    const opened = r.events.find((e): e is EvaluationOpened => e.type === 'EvaluationOpened.v1');
    return {
      id: evaluationId,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      category: opened?.data.category ?? null,
      catalogue: opened ? { id: opened.data.catalogue.id, version: opened.data.catalogue.version } : null,
    };
  }

  /** The evaluation's stream, or NOT_FOUND. */
  private async stream(evaluationId: string): Promise<RecordedEvent[]> {
    const events = await this.events.readStream(evaluationStreamId(evaluationId));
    if (events.length === 0 || events[0].type !== 'EvaluationOpened.v1') throw new NotFound('evaluation', evaluationId);
    return events;
  }

  /** A command on an opened evaluation, decided by the catalogue copied into its first event. */
  async run(evaluationId: string, command: EvaluationCommand, meta: CommandMeta) {
    const [opened] = (await this.events.readStream(evaluationStreamId(evaluationId), {
      maxCount: 1,
    })) as unknown as EvaluationOpened[];
    if (opened?.type !== 'EvaluationOpened.v1') throw new NotFound('evaluation', evaluationId);
    return this.pipeline.run(
      evaluationDecider,
      ownCatalogue(opened.data.catalogue),
      evaluationStreamId(evaluationId),
      command,
      meta,
    );
  }

  private async command(evaluationId: string, command: EvaluationCommand, ctx: CommandContext, occurredAt?: string) {
    const r = await this.run(evaluationId, command, metaOf(ctx, occurredAt));
    // A publication, revocation or lapse reaches the community: the reply's position covers it.
    const position = await this.processes.settle(
      r.position,
      r.events.map((e) => e.type),
    );
    return {
      reply: { id: evaluationId, streamId: r.streamId, revision: r.revision, position },
      events: r.events as EvaluationEvent[],
    };
  }

  async evidence(
    evaluationId: string,
    item: { indicator: string; fileRef: string; sha256: string; note?: string },
    ctx: CommandContext,
    occurredAt?: string,
  ) {
    const sha256 = item.sha256.toLowerCase();
    // The same item submitted twice (or a retry with its key) is recorded once.
    const evidenceId = ctx.commandId
      ? deterministicId('evaluation-evidence', ctx.commandId)
      : deterministicId('evaluation-evidence', evaluationId, item.indicator, sha256, item.fileRef);
    const { reply } = await this.command(
      evaluationId,
      {
        type: 'SubmitEvaluationEvidence',
        evaluationId,
        evidenceId,
        indicator: item.indicator,
        fileRef: item.fileRef,
        sha256,
        note: item.note ?? null,
      },
      ctx,
      occurredAt,
    );
    return { ...reply, evidenceId };
  }

  async assign(evaluationId: string, expertId: string, ctx: CommandContext, occurredAt?: string) {
    return (await this.command(evaluationId, { type: 'AssignExpert', evaluationId, expertId }, ctx, occurredAt)).reply;
  }

  async declare(
    evaluationId: string,
    expertId: string,
    noConflictOfInterest: boolean,
    note: string | undefined,
    ctx: CommandContext,
    occurredAt?: string,
  ) {
    const command = {
      type: 'DeclareConflictOfInterest' as const,
      evaluationId,
      expertId,
      noConflictOfInterest,
      note: note ?? null,
    };
    return (await this.command(evaluationId, command, ctx, occurredAt)).reply;
  }

  async sheet(
    evaluationId: string,
    sheet: Omit<SubmitExpertSheet, 'type' | 'evaluationId'>,
    ctx: CommandContext,
    occurredAt?: string,
  ) {
    return (await this.command(evaluationId, { type: 'SubmitExpertSheet', evaluationId, ...sheet }, ctx, occurredAt)).reply;
  }

  /** Closes the panel with its result and starts publicity; the reply says until when and what will be published. */
  async startPublicity(evaluationId: string, ctx: CommandContext, occurredAt?: string) {
    const { reply, events } = await this.command(evaluationId, { type: 'StartPublicity', evaluationId }, ctx, occurredAt);
    const started = events.find((e) => e.type === 'PublicityStarted.v1');
    const closed = events.find((e) => e.type === 'ExpertPanelClosed.v1');
    return {
      ...reply,
      publicity:
        started?.type === 'PublicityStarted.v1'
          ? {
              endsDate: started.data.endsDate,
              publicationFrom: started.data.publicationFrom,
              provisional: started.data.provisional,
            }
          : null,
      resultText: started?.type === 'PublicityStarted.v1' ? started.data.resultText : null,
      outcome: closed?.type === 'ExpertPanelClosed.v1' ? closed.data.panel.outcome : null,
      grade: closed?.type === 'ExpertPanelClosed.v1' ? closed.data.panel.grade : null,
    };
  }

  async publish(evaluationId: string, ctx: CommandContext, occurredAt?: string) {
    const { reply, events } = await this.command(evaluationId, { type: 'PublishResult', evaluationId }, ctx, occurredAt);
    const published = events.find((e) => e.type === 'EvaluationPublished.v1');
    const d = published?.type === 'EvaluationPublished.v1' ? published.data : null;
    return {
      ...reply,
      result: d && {
        resultText: d.resultText,
        resultTextEn: d.resultTextEn,
        grade: d.grade,
        category: d.category,
        validFrom: d.validFrom,
        validUntil: d.validUntil,
        lastValidDate: d.lastValidDate,
      },
    };
  }

  async revoke(evaluationId: string, reason: string, ctx: CommandContext, occurredAt?: string) {
    return (await this.command(evaluationId, { type: 'RevokeResult', evaluationId, reason }, ctx, occurredAt)).reply;
  }

  /** The scheduler's action on the first day after the validity: answers whether anything was recorded. */
  async lapse(evaluationId: string, meta: CommandMeta): Promise<boolean> {
    const r = await this.run(evaluationId, { type: 'LapseResult', evaluationId }, meta);
    return r.events.length > 0 && !r.duplicate;
  }

  /** An expert reads only an evaluation it is assigned to, and only its own sheet until the panel closes. */
  private scope(current: Evaluation, reader: EvaluationReader): { onlySheetOf?: string } {
    if (reader.expertId === undefined) return {};
    if (!current.experts.some((x) => x.expertId === reader.expertId))
      throw new Forbidden('an expert reads only the evaluations it is assigned to');
    return current.panel ? {} : { onlySheetOf: reader.expertId };
  }

  /** The evaluation folded from its stream: now, or as of a moment (asOf / asOfOccurred / atRevision). */
  async read(evaluationId: string, sel: AsOfSelection, reader: EvaluationReader) {
    const all = await this.stream(evaluationId);
    const scope = this.scope(foldEvaluation(all), reader);
    const folded = selectEvents(all, sel);
    if (folded.length === 0) throw new NotFound('evaluation', `${evaluationId} (it did not exist at the requested moment)`);
    const last = folded[folded.length - 1];
    const state = foldEvaluation(folded);
    return {
      ...toEvaluationView(state, scope),
      revision: last.revision,
      position: last.position,
      // The catalogue in force at that moment; the evaluation itself is decided by `catalogue`, its own.
      ruleSet: ruleSetAt(await this.ruleSets.history(EVALUATION), sel, folded, this.clock.now()),
      asOf:
        sel.mode === 'current'
          ? null
          : {
              mode: sel.mode,
              at: sel.at?.toISOString() ?? null,
              atRevision: sel.revision,
              eventsFolded: folded.length,
              eventsSince: all.length - folded.length,
            },
    };
  }

  async checklist(evaluationId: string, reader: EvaluationReader) {
    const state = foldEvaluation(await this.stream(evaluationId));
    this.scope(state, reader);
    return toChecklist(state);
  }

  /** One expert's sheet; another expert's only once the panel has closed. */
  async sheetOf(evaluationId: string, expertId: string, reader: EvaluationReader) {
    const state = foldEvaluation(await this.stream(evaluationId));
    const scope = this.scope(state, reader);
    if (scope.onlySheetOf !== undefined && scope.onlySheetOf !== expertId)
      throw new Forbidden('an expert reads only its own sheet until the panel closes');
    const sheet = state.sheets.find((x) => x.expertId === expertId);
    if (!sheet) throw new NotFound('sheet', `of this expert in evaluation ${evaluationId}`);
    return { evaluationId, ...sheetView(state, sheet) };
  }

  async history(evaluationId: string) {
    const events = await this.stream(evaluationId);
    return { id: evaluationId, streamId: evaluationStreamId(evaluationId), events: events.map(historyEntry) };
  }

  async list(q: { communityId?: string; status?: string; minPosition?: number }) {
    await this.projections.waitFor(q.minPosition, [EVALUATIONS_PROJECTION]);
    const filter: Record<string, unknown> = {};
    if (q.communityId) filter.communityId = q.communityId;
    if (q.status) filter.status = q.status;
    const docs = await this.projections
      .reader(EVALUATIONS_PROJECTION, 'evaluations')
      .find<EvaluationDoc>(filter, { sort: { openedDate: 1, _id: 1 } });
    const items = docs.map(({ _id, position: _, ...d }) => ({ id: _id, ...d }));
    return { items, total: items.length };
  }
}
