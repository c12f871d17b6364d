import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@opc/kernel';
import type { AllSubscription, EventStore } from '@opc/eventstore';
import type { Doc, ReadStore, WriteOp } from '@opc/readstore';
import { physicalCollection, REGISTRY_COLLECTION, type Projection, type ProjectionRecord, type ProjectionTx } from './projection';
import { Progress } from './progress';

const BATCH = 1000;

/** Serialises the live fold and a rebuild's steps, so a switch never misses an event. */
class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Keeps one projection up to date: catch up from its checkpoint, then follow live. Each batch of
 * events and the new checkpoint are written in one read-store write (one transaction on the
 * embedded store), so a re-delivered event is skipped and changes nothing.
 */
export class ProjectionWorker {
  private readonly logger: Logger;
  private readonly lock = new Lock();
  private record!: ProjectionRecord;
  private subscription: AllSubscription | null = null;
  private loop: Promise<void> | null = null;
  private rebuilding: Promise<void> | null = null;
  private readonly progress = new Progress();
  private failure: Error | null = null;

  constructor(
    readonly projection: Projection,
    private readonly events: EventStore,
    private readonly docs: ReadStore,
  ) {
    this.logger = new Logger(`projection:${projection.name}`);
  }

  get checkpoint(): number {
    return this.record?.checkpoint ?? 0;
  }

  get generation(): number {
    return this.record?.generation ?? 1;
  }

  get rebuildState(): ProjectionRecord['rebuild'] {
    return this.record?.rebuild ?? null;
  }

  get error(): string | null {
    return this.failure?.message ?? null;
  }

  async start(): Promise<void> {
    this.record = await loadRecord(this.docs, this.projection);
    this.notify();
    if (this.record.version !== this.projection.version && !this.record.rebuild) {
      // New code version of the projection: build it beside the old one, then switch.
      this.logger.log(`version ${this.record.version} → ${this.projection.version}: rebuilding beside the live one`);
      this.rebuild().catch((e) => this.logger.error(`rebuild failed: ${(e as Error).message}`));
    } else if (this.record.rebuild) {
      this.continueRebuild().catch((e) => this.logger.error(`rebuild failed: ${(e as Error).message}`));
    }
    this.subscription = this.events.subscribeToAll({ afterPosition: this.record.checkpoint, batchSize: BATCH });
    const sub = this.subscription;
    this.loop = (async () => {
      try {
        for await (const batch of sub) {
          await this.lock.run(() => this.foldLive(batch));
        }
      } catch (e) {
        this.failure = e as Error;
        this.logger.error(`stopped: ${(e as Error).stack ?? String(e)}`);
      }
    })();
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.loop;
    await this.rebuilding?.catch(() => undefined);
  }

  /** Resolves once the checkpoint is at or past `position`, or with false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.progress.waitFor(position, timeoutMs);
  }

  /**
   * Starts a rebuild beside the live generation (or joins the one under way). Resolves with the
   * generation being built once it is recorded; `done` resolves when it has taken over.
   */
  async startRebuild(): Promise<{ generation: number; done: Promise<void> }> {
    const generation = await this.lock.run(async () => {
      if (this.record.rebuild) return this.record.rebuild.generation;
      const next = this.record.generation + 1;
      for (const c of this.projection.collections)
        await this.docs.dropCollection(physicalCollection(this.projection.name, c, next));
      await this.saveRecord({
        ...this.record,
        rebuild: { generation: next, checkpoint: 0, startedAt: new Date().toISOString() },
      });
      return next;
    });
    return { generation, done: this.continueRebuild() };
  }

  /** Rebuild and wait until the new generation has taken over. */
  async rebuild(): Promise<void> {
    await (
      await this.startRebuild()
    ).done;
  }

  private continueRebuild(): Promise<void> {
    this.rebuilding ??= (async () => {
      try {
        for (;;) {
          const done = await this.lock.run(() => this.rebuildStep());
          if (done) break;
        }
      } finally {
        this.rebuilding = null;
      }
    })();
    return this.rebuilding;
  }

  /** One page of the rebuild; at the head it switches (under the lock, so the live fold waits). */
  private async rebuildStep(): Promise<boolean> {
    const rebuild = this.record.rebuild;
    if (!rebuild) return true;
    const page = await this.events.readAll({ afterPosition: rebuild.checkpoint, maxCount: BATCH });
    if (page.length > 0) {
      const checkpoint = page[page.length - 1].position;
      const ops = await this.fold(page, rebuild.generation, rebuild.checkpoint);
      this.record = { ...this.record, rebuild: { ...rebuild, checkpoint } };
      await this.docs.write([...ops, this.recordOp(this.record)]);
      if (page.length === BATCH) return false;
    }
    // Caught up with the head while holding the lock: nothing can slip between this and the switch.
    const old = this.record.generation;
    const current = this.record.rebuild!;
    this.record = {
      ...this.record,
      version: this.projection.version,
      generation: current.generation,
      checkpoint: current.checkpoint,
      rebuild: null,
    };
    await this.docs.write([this.recordOp(this.record)]);
    for (const c of this.projection.collections) await this.docs.dropCollection(physicalCollection(this.projection.name, c, old));
    this.logger.log(`rebuilt as generation ${current.generation} up to position ${current.checkpoint}`);
    this.notify();
    return true;
  }

  private async foldLive(batch: RecordedEvent[]): Promise<void> {
    const fresh = batch.filter((e) => e.position > this.record.checkpoint);
    if (fresh.length === 0) return;
    const checkpoint = fresh[fresh.length - 1].position;
    const ops = await this.fold(fresh, this.record.generation, this.record.checkpoint);
    const next = { ...this.record, checkpoint };
    await this.docs.write([...ops, this.recordOp(next)]);
    this.record = next;
    this.notify();
  }

  /** Folds events into write ops for one generation, skipping those at or before `after`. */
  private async fold(events: RecordedEvent[], generation: number, after: number) {
    const { projection } = this;
    const pending = new Map<string, Map<string, Doc | null>>();
    const tx: ProjectionTx = {
      get: async <T extends Doc>(collection: string, id: string) => {
        const staged = pending.get(collection)?.get(id);
        if (staged !== undefined) return staged as T | null;
        return this.docs.findOne<T>(physicalCollection(projection.name, collection, generation), { _id: id });
      },
      put: (collection, doc) => stage(collection).set(doc._id, doc),
      delete: (collection, id) => stage(collection).set(id, null),
    };
    const stage = (collection: string) => {
      if (!projection.collections.includes(collection))
        throw new Error(`projection ${projection.name} writes undeclared collection ${collection}`);
      let m = pending.get(collection);
      if (!m) pending.set(collection, (m = new Map()));
      return m;
    };
    const types = projection.eventTypes ? new Set(projection.eventTypes) : null;
    for (const event of events) {
      if (event.position <= after) continue;
      if (types && !types.has(event.type)) continue;
      await projection.apply(event, tx);
    }
    return [...pending].map(([collection, docs]) => ({
      collection: physicalCollection(projection.name, collection, generation),
      ops: [...docs].map(([id, doc]): WriteOp =>
        doc === null
          ? { deleteOne: { filter: { _id: id } } }
          : { replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } },
      ),
    }));
  }

  private recordOp(record: ProjectionRecord) {
    return {
      collection: REGISTRY_COLLECTION,
      ops: [{ replaceOne: { filter: { _id: record._id }, replacement: record, upsert: true } } as WriteOp],
    };
  }

  private async saveRecord(record: ProjectionRecord): Promise<void> {
    await this.docs.write([this.recordOp(record)]);
    this.record = record;
  }

  private notify(): void {
    this.progress.advance(this.record.checkpoint);
  }
}

export async function loadRecord(docs: ReadStore, projection: Projection): Promise<ProjectionRecord> {
  const found = await docs.findOne<ProjectionRecord>(REGISTRY_COLLECTION, { _id: projection.name });
  return found ?? { _id: projection.name, version: projection.version, generation: 1, checkpoint: 0, rebuild: null };
}
