import { Logger } from '@nestjs/common';
import { deterministicId, isDomainError, type RecordedEvent, type RuleSetHistory, type VersionedRules } from '@opc/kernel';
import type { AllSubscription, EventStore } from '@opc/eventstore';
import { PreconditionFailed, type ReadStore, type WriteBatch } from '@opc/readstore';
import type { CommandPipeline } from '../command-pipeline';
import { Progress } from '../projections/progress';
import { PROCESSES_COLLECTION, type ProcessManager, type ProcessRecord } from './process-manager';

const BATCH = 500;
/** Refusals kept on the record for operators; older ones stay in the log only. */
const REFUSALS_KEPT = 50;

/**
 * Follows the log from its checkpoint and issues each process manager's effects through the
 * command pipeline. The checkpoint is saved after a batch's effects: after a crash the batch is
 * reacted to again, and the command ids derived from the causing events make the repeat a no-op.
 */
export class ProcessWorker {
  private readonly logger: Logger;
  private readonly progress = new Progress();
  private record!: ProcessRecord;
  private subscription: AllSubscription | null = null;
  private loop: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(
    readonly process: ProcessManager,
    private readonly events: EventStore,
    private readonly docs: ReadStore,
    private readonly pipeline: CommandPipeline,
    /** A rule set's history by name (RuleSets), for effects that name theirs. */
    private readonly ruleSet: (name: string) => Promise<RuleSetHistory<VersionedRules>>,
    /** Entries prepended to the checkpoint's write (the lease's fence). */
    private readonly fence: () => WriteBatch = () => [],
  ) {
    this.logger = new Logger(`process:${process.name}`);
  }

  /** Stopped because its fenced checkpoint write was refused: another process reacts now. */
  get lostLease(): boolean {
    return this.failure instanceof PreconditionFailed;
  }

  get checkpoint(): number {
    return this.progress.checkpoint;
  }

  get error(): string | null {
    return this.failure?.message ?? null;
  }

  async start(): Promise<void> {
    this.record = await loadProcessRecord(this.docs, this.process.name);
    this.progress.advance(this.record.checkpoint);
    const sub = (this.subscription = this.events.subscribeToAll({ afterPosition: this.record.checkpoint, batchSize: BATCH }));
    this.loop = (async () => {
      try {
        for await (const batch of sub) await this.react(batch);
      } catch (e) {
        this.failure = e as Error;
        if (e instanceof PreconditionFailed) this.logger.warn('stopped: its lease was taken over (fenced write refused)');
        else this.logger.error(`stopped: ${(e as Error).stack ?? String(e)}`);
      }
    })();
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.loop;
  }

  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.progress.waitFor(position, timeoutMs);
  }

  /** Reacts to one batch, then saves the checkpoint. Exposed for tests that replay a batch. */
  async react(batch: RecordedEvent[]): Promise<void> {
    this.record ??= await loadProcessRecord(this.docs, this.process.name);
    const types = new Set(this.process.eventTypes);
    const refused = [...this.record.refused];
    for (const event of batch) {
      if (event.position <= this.record.checkpoint || !types.has(event.type)) continue;
      const effects = await this.process.react(event, { readStream: (id, options) => this.events.readStream(id, options) });
      // One event's effects run together: they go to different streams (the pipeline keeps each
      // stream's commands in order), and group commit writes them in few transactions — a close
      // eliminating two thousand members is not two thousand sequential commits.
      const named = new Map<string, Promise<RuleSetHistory<VersionedRules>>>();
      const outcomes = await Promise.allSettled(
        effects.map(async (effect, i) => {
          const rules =
            typeof effect.rules === 'string'
              ? await (named.get(effect.rules) ?? named.set(effect.rules, this.ruleSet(effect.rules)).get(effect.rules)!)
              : effect.rules;
          return this.pipeline.run(effect.decider, rules, effect.streamId, effect.command, {
            actor: { id: `process:${this.process.name}`, role: 'system' },
            commandId: deterministicId('process', this.process.name, event.metadata.eventId, effect.key ?? i),
            correlationId: event.metadata.correlationId,
            causationId: event.metadata.eventId,
            // The effect is decided when its cause was (recorded), not when the cause's own fact occurred:
            // a penalty for a conduct found late forces the exit on the day of the penalty.
            occurredAt: new Date(event.metadata.recordedAt),
            notBefore: '2000-01-01T00:00:00.000Z',
          });
        }),
      );
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') continue;
        const e = outcome.reason;
        // A refusal is an answer, not a failure: the target moved on (already left, already released).
        if (!isDomainError(e)) throw e;
        this.logger.warn(`${event.type} ${event.metadata.eventId} → ${effects[i].streamId}: ${e.code} ${e.detail}`);
        refused.push({
          eventId: event.metadata.eventId,
          streamId: effects[i].streamId,
          code: e.code,
          detail: e.detail,
          at: event.metadata.recordedAt,
        });
      }
    }
    const last = batch[batch.length - 1];
    if (!last || last.position <= this.record.checkpoint) return;
    this.record = { ...this.record, checkpoint: last.position, refused: refused.slice(-REFUSALS_KEPT) };
    await this.docs.write([
      ...this.fence(),
      {
        collection: PROCESSES_COLLECTION,
        ops: [{ replaceOne: { filter: { _id: this.record._id }, replacement: this.record, upsert: true } }],
      },
    ]);
    this.progress.advance(this.record.checkpoint);
  }
}

export async function loadProcessRecord(docs: ReadStore, name: string): Promise<ProcessRecord> {
  return (await docs.findOne<ProcessRecord>(PROCESSES_COLLECTION, { _id: name })) ?? { _id: name, checkpoint: 0, refused: [] };
}
