import { Leased } from './leased';
import { fenceOf, type Lease, type LeaseKeeper } from './leases';
import type { WriteBatch } from '@opc/readstore';

/** A worker that follows the log and writes fenced batches (a projection or a process manager). */
export interface FencedWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly lostLease: boolean;
}

/**
 * The workers of one kind (projections, process managers), each under its own lease
 * `<prefix>:<name>`: a fresh worker, fenced with the lease, is made each time the lease is taken
 * (it loads the checkpoint its predecessor left); it is stopped when the lease is lost or given up.
 */
export class LeasedWorkers<W extends FencedWorker> {
  /** The workers running in this process, by name (the others run in another process, or stand by). */
  readonly running = new Map<string, W>();
  private readonly gates: Leased[] = [];

  constructor(
    private readonly keeper: LeaseKeeper,
    private readonly prefix: string,
  ) {}

  /** Puts `name` under its lease; the first try to take it is awaited. */
  async run(name: string, create: (fence: () => WriteBatch) => W): Promise<void> {
    const gate = new Leased(this.keeper, `${this.prefix}:${name}`, {
      start: async (lease: Lease) => {
        const worker = create(() => [fenceOf(lease)]);
        this.running.set(name, worker);
        await worker.start();
      },
      stop: async () => {
        const worker = this.running.get(name);
        this.running.delete(name);
        await worker?.stop();
      },
      lost: () => this.running.get(name)?.lostLease ?? false,
    });
    this.gates.push(gate);
    await gate.start();
  }

  /** Stops every worker and gives its lease up (a graceful shutdown). */
  async stop(): Promise<void> {
    await Promise.all(this.gates.map((g) => g.stop()));
  }
}
