import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { READ_STORE, type Doc, type Filter, type FindOptions, type ReadStore } from '@opc/readstore';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config';
import { physicalCollection, REGISTRY_COLLECTION, type Projection, type ProjectionRecord } from './projection';
import { loadRecord, ProjectionWorker } from './projection-worker';
import { awaitCheckpoints } from './progress';
import { averageRate, rebuildStatus, type RebuildStatus } from './rebuild-progress';
import { LeaseKeeper } from '../leases/leases';
import { LeasedWorkers } from '../leases/leased-workers';

export interface ProjectionHealth {
  name: string;
  version: number;
  generation: number;
  /** Last global position folded. */
  position: number;
  /** Events behind the head of the event store. */
  lag: number;
  rebuilding: { generation: number; position: number } | null;
  error: string | null;
}

/** A projection as `GET /admin/projections` shows it: the live generation, and the rebuild under way. */
export interface ProjectionStatus {
  name: string;
  /** The projection version the live generation was built by. */
  version: number;
  generation: number;
  /** Last global position folded into the live generation. */
  checkpoint: number;
  /** Positions behind the head of the event store. */
  lag: number;
  rebuilding: RebuildStatus | null;
  /** Why the live fold stopped, or why the last rebuild failed. */
  error: string | null;
}

/**
 * The projections of every bounded context: registered by their modules, run here when this
 * process runs projections (the embedded default, or the projector), and read through here by
 * the query side, which resolves a logical collection to the live generation.
 */
@Injectable()
export class Projections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('projections');
  private readonly registered = new Map<string, Projection>();
  private readonly leased: LeasedWorkers<ProjectionWorker>;
  /** The projections running in this process. */
  private readonly workers: Map<string, ProjectionWorker>;
  private started = false;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly docs: ReadStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    leases: LeaseKeeper,
  ) {
    this.leased = new LeasedWorkers<ProjectionWorker>(leases, 'projection');
    this.workers = this.leased.running;
  }

  register(projection: Projection): void {
    if (this.registered.has(projection.name)) throw new Error(`projection ${projection.name} registered twice`);
    if (this.started) throw new Error(`projection ${projection.name} registered after start`);
    this.registered.set(projection.name, projection);
  }

  /**
   * Each projection runs under its lease (`projection:<name>`): in the embedded default this one
   * process takes them all at once; with several projectors, one holds each and the others stand by.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    if (!this.config.runProjections) return;
    for (const projection of this.registered.values())
      await this.leased.run(projection.name, (fence) => new ProjectionWorker(projection, this.events, this.docs, fence));
    this.logger.log(`running ${this.workers.size} of ${this.registered.size} projections (the others stand by)`);
  }

  /** Workers stop, and leases are given up, before the stores close (StoresLifecycle closes them on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.leased.stop();
  }

  names(): string[] {
    return [...this.registered.keys()];
  }

  /** A registered projection's definition: pure, so it can also fold a past slice of the log in memory (as-of reads). */
  definition(name: string): Projection {
    const projection = this.registered.get(name);
    if (!projection) throw new Error(`no projection named ${name}`);
    return projection;
  }

  async health(): Promise<ProjectionHealth[]> {
    const head = await this.events.headPosition();
    const out: ProjectionHealth[] = [];
    for (const projection of this.registered.values()) {
      const worker = this.workers.get(projection.name);
      const record = worker ? null : await loadRecord(this.docs, projection);
      const position = worker ? worker.checkpoint : record!.checkpoint;
      const rebuild = worker ? worker.rebuildState : record!.rebuild;
      out.push({
        name: projection.name,
        version: projection.version,
        generation: worker ? worker.generation : record!.generation,
        position,
        lag: Math.max(0, head - position),
        rebuilding: rebuild ? { generation: rebuild.generation, position: rebuild.checkpoint } : null,
        error: worker?.error ?? null,
      });
    }
    return out;
  }

  /**
   * Each projection's live generation and rebuild. Where the projections run in this process the
   * rate is the rebuild's over its last seconds; read from the registry (they run in the
   * projector), it is the average since the rebuild started.
   */
  async status(): Promise<{ headPosition: number; items: ProjectionStatus[] }> {
    const head = await this.events.headPosition();
    const out: ProjectionStatus[] = [];
    for (const projection of this.registered.values()) {
      const worker = this.workers.get(projection.name);
      const record = worker ? null : await loadRecord(this.docs, projection);
      const checkpoint = worker ? worker.checkpoint : record!.checkpoint;
      const progress = worker
        ? worker.rebuildProgress
        : record!.rebuild && { ...record!.rebuild, ratePerSecond: averageRate(record!.rebuild) };
      out.push({
        name: projection.name,
        version: worker ? worker.version : record!.version,
        generation: worker ? worker.generation : record!.generation,
        checkpoint,
        lag: Math.max(0, head - checkpoint),
        rebuilding: progress ? rebuildStatus(progress, head, progress.ratePerSecond) : null,
        error: worker?.error ?? null,
      });
    }
    return { headPosition: head, items: out };
  }

  /**
   * Read-your-writes: wait until the named projections (all when none named) have folded
   * `position`, at most MIN_POSITION_WAIT_MS; then 503 NOT_CAUGHT_UP.
   */
  async waitFor(position: number | undefined, names: string[] = this.names()): Promise<void> {
    if (position === undefined || position <= 0) return;
    // Where the projections run in another process (the projector), their registry records are polled.
    const late = await awaitCheckpoints(
      names,
      position,
      this.config.minPositionWaitMs,
      (name) => this.workers.get(name),
      async (name) => (await this.docs.findOne<ProjectionRecord>(REGISTRY_COLLECTION, { _id: name }))?.checkpoint ?? 0,
    );
    if (late !== null) throw notCaughtUp(late, position);
  }

  /** Every projection has folded everything committed so far (used by the manual clock). */
  async catchUp(): Promise<void> {
    const head = await this.events.headPosition();
    await this.waitFor(head);
  }

  async rebuild(name: string): Promise<{ name: string; generation: number }> {
    const worker = this.workers.get(name);
    if (!this.registered.has(name)) throw new DomainError('NOT_FOUND', `no projection named ${name}`);
    if (!worker) throw new DomainError('CONDITIONS_NOT_MET', `projection ${name} runs in the projector process, not here`);
    const { generation, done } = await worker.startRebuild();
    // Rebuilds run in the background; the reply says which generation is being built.
    done.catch((e) => this.logger.error(`rebuild of ${name} failed: ${(e as Error).message}`));
    return { name, generation };
  }

  private async generationOf(name: string): Promise<number> {
    const worker = this.workers.get(name);
    if (worker) return worker.generation;
    const projection = this.registered.get(name);
    if (!projection) throw new Error(`no projection named ${name}`);
    return (await loadRecord(this.docs, projection)).generation;
  }

  /** Query a projection's logical collection in its live generation. */
  reader(name: string, collection: string) {
    const resolve = async () => physicalCollection(name, collection, await this.generationOf(name));
    return {
      find: async <T extends Doc>(filter: Filter = {}, options?: FindOptions) =>
        this.docs.find<T>(await resolve(), filter, options),
      findOne: async <T extends Doc>(filter: Filter) => this.docs.findOne<T>(await resolve(), filter),
      count: async (filter: Filter = {}) => this.docs.count(await resolve(), filter),
    };
  }
}

const notCaughtUp = (name: string, position: number) =>
  new DomainError('NOT_CAUGHT_UP', `projection ${name} has not reached position ${position} yet; retry shortly`);
