import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { READ_STORE, type ReadStore } from '@opc/readstore';
import { CommandPipeline } from '../command-pipeline';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config';
import { RuleSets } from '../rule-sets.service';
import type { ProcessManager } from './process-manager';
import { loadProcessRecord, ProcessWorker } from './process-worker';
import { awaitCheckpoints } from '../projections/progress';
import { LeaseKeeper } from '../leases/leases';
import { LeasedWorkers } from '../leases/leased-workers';

export interface ProcessHealth {
  name: string;
  position: number;
  lag: number;
  /** Effects their target refused lately (the target had moved on); for operators to look at. */
  refused: number;
  error: string | null;
}

/**
 * The process managers of every bounded context: registered by their modules, run where the
 * projections run (this process in the embedded default, the projector in production).
 */
@Injectable()
export class Processes implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('processes');
  private readonly registered = new Map<string, ProcessManager>();
  private readonly leased: LeasedWorkers<ProcessWorker>;
  /** The process managers running in this process. */
  private readonly workers: Map<string, ProcessWorker>;
  private started = false;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly docs: ReadStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly pipeline: CommandPipeline,
    private readonly ruleSets: RuleSets,
    leases: LeaseKeeper,
  ) {
    this.leased = new LeasedWorkers<ProcessWorker>(leases, 'process');
    this.workers = this.leased.running;
  }

  register(process: ProcessManager): void {
    if (this.registered.has(process.name)) throw new Error(`process manager ${process.name} registered twice`);
    if (this.started) throw new Error(`process manager ${process.name} registered after start`);
    this.registered.set(process.name, process);
  }

  /** Each process manager runs under its lease (`process:<name>`), as the projections do. */
  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    if (!this.config.runProjections) return;
    for (const process of this.registered.values())
      await this.leased.run(
        process.name,
        (fence) =>
          new ProcessWorker(process, this.events, this.docs, this.pipeline, (ruleSet) => this.ruleSets.history(ruleSet), fence),
      );
    if (this.registered.size > 0)
      this.logger.log(`running ${this.workers.size} of ${this.registered.size} process managers (the others stand by)`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.leased.stop();
  }

  names(): string[] {
    return [...this.registered.keys()];
  }

  /** The worker running a process manager in this process (tests replay batches through it). */
  worker(name: string): ProcessWorker | undefined {
    return this.workers.get(name);
  }

  async health(): Promise<ProcessHealth[]> {
    const head = await this.events.headPosition();
    const out: ProcessHealth[] = [];
    for (const name of this.registered.keys()) {
      const worker = this.workers.get(name);
      const record = await loadProcessRecord(this.docs, name);
      const position = worker ? worker.checkpoint : record.checkpoint;
      out.push({
        name,
        position,
        lag: Math.max(0, head - position),
        refused: record.refused.length,
        error: worker?.error ?? null,
      });
    }
    return out;
  }

  /**
   * Read-your-writes across streams: when a command recorded events some process manager reacts
   * to, wait until their effects (and the effects of those) are recorded too, and answer the
   * position to read from. A reply's `position` then covers what the command caused elsewhere —
   * a penalty's forced exit on the member stream, an appeal's reversal.
   */
  async settle(position: number, eventTypes: readonly string[]): Promise<number> {
    const reacting = [...this.registered.values()].some((p) => p.eventTypes.some((t) => eventTypes.includes(t)));
    if (!reacting || position <= 0) return position;
    let reached = position;
    // Effects may cause effects: follow them a few rounds (a chain is two or three long).
    for (let round = 0; round < 5; round++) {
      await this.waitFor(reached);
      const head = await this.events.headPosition();
      if (head === reached) break;
      reached = head;
    }
    return reached;
  }

  /** Waits until the named process managers (all when none named) have reacted up to `position`; then 503. */
  async waitFor(position: number | undefined, names: string[] = this.names()): Promise<void> {
    if (position === undefined || position <= 0) return;
    // Running in the projector: its stored checkpoint is polled.
    const late = await awaitCheckpoints(
      names,
      position,
      this.config.minPositionWaitMs,
      (name) => this.workers.get(name),
      async (name) => (await loadProcessRecord(this.docs, name)).checkpoint,
    );
    if (late !== null) throw notCaughtUp(late, position);
  }
}

const notCaughtUp = (name: string, position: number) =>
  new DomainError('NOT_CAUGHT_UP', `process manager ${name} has not reached position ${position} yet; retry shortly`);
