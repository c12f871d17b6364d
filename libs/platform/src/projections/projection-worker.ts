import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@opc/kernel';
import type { AllSubscription, EventStore } from '@opc/eventstore';
import { PreconditionFailed, type ReadStore, type WriteBatch, type WriteOp } from '@opc/readstore';
import { foldBatch } from './batch-fold';
import { physicalCollection, REGISTRY_COLLECTION, type Projection, type ProjectionRecord } from './projection';
import { Progress } from './progress';
import { RateMeter, type RebuildRecord } from './rebuild-progress';

/** Events per live batch (catching up after a start, then following). */
const BATCH = 1000;
/**
 * Events per rebuild page: a document is written once per page it changes in, so larger pages
 * write a member followed across the log fewer times. The live fold waits for a page (its lock).
 */
export const REBUILD_PAGE = 5000;

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
  /** The rebuild running in this process: its pace, and why it stopped if it failed. */
  private readonly rebuildRate = new RateMeter();
  private rebuildFailure: Error | null = null;

  constructor(
    readonly projection: Projection,
    private readonly events: EventStore,
    private readonly docs: ReadStore,
    /** Entries prepended to every write (the lease's fence): a worker that lost its lease writes nothing. */
    private readonly fence: () => WriteBatch = () => [],
  ) {
    this.logger = new Logger(`projection:${projection.name}`);
  }

  /** Stopped because a write fenced with its lease was refused: another process holds the projection now. */
  get lostLease(): boolean {
    return this.failure instanceof PreconditionFailed || this.rebuildFailure instanceof PreconditionFailed;
  }

  private write(batch: WriteBatch): Promise<void> {
    return this.docs.write([...this.fence(), ...batch]);
  }

  get checkpoint(): number {
    return this.record?.checkpoint ?? 0;
  }

  get generation(): number {
    return this.record?.generation ?? 1;
  }

  /** The projection version the live generation was built by (the code's once a rebuild for it has switched). */
  get version(): number {
    return this.record?.version ?? this.projection.version;
  }

  get rebuildState(): ProjectionRecord['rebuild'] {
    return this.record?.rebuild ?? null;
  }

  /** The rebuild under way, with its rate in positions per second while this process runs it. */
  get rebuildProgress(): (RebuildRecord & { ratePerSecond: number | null }) | null {
    const rebuild = this.record?.rebuild;
    if (!rebuild) return null;
    return { ...rebuild, ratePerSecond: this.rebuilding ? this.rebuildRate.perSecond() : null };
  }

  /** Why the live fold stopped, or why the last rebuild failed (started again, it clears). */
  get error(): string | null {
    if (this.failure) return this.failure.message;
    return this.rebuildFailure ? `rebuild failed: ${this.rebuildFailure.message}` : null;
  }

  /**
   * Loads the registry record, resumes a rebuild under way (or starts one for a new version), then
   * folds live. `follow: false` leaves the live fold out: a process that only rebuilds (the CLI,
   * holding the data directory alone) has no one else appending, and the switch replaces the live one.
   */
  async start(options: { follow?: boolean } = {}): Promise<void> {
    this.record = await loadRecord(this.docs, this.projection);
    this.notify();
    if (this.record.version !== this.projection.version && !this.record.rebuild) {
      // New code version of the projection: build it beside the old one, then switch.
      this.logger.log(`version ${this.record.version} → ${this.projection.version}: rebuilding beside the live one`);
      this.rebuild().catch((e) => this.logger.error(`rebuild failed: ${(e as Error).message}`));
    } else if (this.record.rebuild) {
      this.continueRebuild().catch((e) => this.logger.error(`rebuild failed: ${(e as Error).message}`));
    }
    if (options.follow === false) return;
    this.subscription = this.events.subscribeToAll({ afterPosition: this.record.checkpoint, batchSize: BATCH });
    const sub = this.subscription;
    this.loop = (async () => {
      try {
        for await (const batch of sub) {
          await this.lock.run(() => this.foldLive(batch));
        }
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
      this.rebuildFailure = null;
      this.rebuildRate.restart(this.record.rebuild?.checkpoint ?? 0);
      try {
        for (;;) {
          const done = await this.lock.run(() => this.rebuildStep());
          if (done) break;
          // A page's awaits on the embedded stores settle as microtasks: yield to the event loop
          // between pages, or requests (GET /admin/projections among them) would wait for the end.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } catch (e) {
        this.rebuildFailure = e as Error;
        throw e;
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
    const page = await this.events.readAll({ afterPosition: rebuild.checkpoint, maxCount: REBUILD_PAGE });
    if (page.length > 0) {
      const checkpoint = page[page.length - 1].position;
      const ops = await foldBatch(this.projection, this.docs, page, rebuild.generation, rebuild.checkpoint);
      this.record = { ...this.record, rebuild: { ...rebuild, checkpoint } };
      await this.write([...ops, this.recordOp(this.record)]);
      this.rebuildRate.record(checkpoint);
      if (page.length === REBUILD_PAGE) return false;
    }
    // Caught up with the head while holding the lock: nothing can slip between this and the switch.
    const old = this.record.generation;
    const liveCheckpoint = this.record.checkpoint;
    const current = this.record.rebuild!;
    this.record = {
      ...this.record,
      version: this.projection.version,
      generation: current.generation,
      checkpoint: current.checkpoint,
      rebuild: null,
    };
    await this.write([this.recordOp(this.record, liveCheckpoint)]);
    for (const c of this.projection.collections) await this.docs.dropCollection(physicalCollection(this.projection.name, c, old));
    this.logger.log(`rebuilt as generation ${current.generation} up to position ${current.checkpoint}`);
    this.notify();
    return true;
  }

  private async foldLive(batch: RecordedEvent[]): Promise<void> {
    const fresh = batch.filter((e) => e.position > this.record.checkpoint);
    if (fresh.length === 0) return;
    const checkpoint = fresh[fresh.length - 1].position;
    const ops = await foldBatch(this.projection, this.docs, fresh, this.record.generation, this.record.checkpoint);
    const next = { ...this.record, checkpoint };
    await this.write([...ops, this.recordOp(next, this.record.checkpoint)]);
    this.record = next;
    this.notify();
  }

  /**
   * The registry record's write, guarded: it applies only while the stored record still holds
   * `expected`, the checkpoint this batch was folded from (absent record: inserted). Otherwise the
   * upsert collides on `_id` (duplicate key) and the whole batch fails, so a stale writer's older
   * batch cannot overwrite newer documents (docs/architecture.md "Read store").
   */
  private recordOp(record: ProjectionRecord, expected = record.checkpoint) {
    return {
      collection: REGISTRY_COLLECTION,
      ops: [{ replaceOne: { filter: { _id: record._id, checkpoint: expected }, replacement: record, upsert: true } } as WriteOp],
    };
  }

  private async saveRecord(record: ProjectionRecord): Promise<void> {
    await this.write([this.recordOp(record)]);
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
