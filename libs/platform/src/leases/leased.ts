import { Logger } from '@nestjs/common';
import type { Lease, LeaseKeeper } from './leases';

/** Work done under a lease: started when the lease is taken, stopped when it is lost or given up. */
export interface LeasedWork {
  start(lease: Lease): Promise<void>;
  stop(): Promise<void>;
  /** True when the work stopped because a write fenced with its lease was refused (someone took over). */
  lost(): boolean;
}

/**
 * Keeps one piece of work (a projection, a process manager, the scheduler) under its lease: takes
 * the lease when it is free and starts the work, renews it every third of its lifetime, and stops
 * the work as soon as the lease is lost (renewal refused, or a fenced write refused). Standing by,
 * it tries again at the same pace.
 */
export class Leased {
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    private readonly keeper: LeaseKeeper,
    readonly name: string,
    private readonly work: LeasedWork,
  ) {
    this.logger = new Logger(`lease:${name}`);
  }

  /** Who holds it here (this process's holder id), or null when this process stands by. */
  get held(): Lease | null {
    return this.lease;
  }

  /** Takes the lease now if it is free (the first try is awaited), then keeps trying or renewing. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.keeper.ttlMs / 3)));
    this.timer.unref();
  }

  /** Runs one round: renew what is held (or notice it is lost), or try to take it. Rounds never overlap. */
  tick(): Promise<void> {
    this.ticking = this.ticking.then(() => this.round()).catch((e) => this.logger.error(`lease round failed: ${String(e)}`));
    return this.ticking;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    if (this.lease) {
      if (!this.work.lost() && (await this.keeper.renew(this.lease))) return;
      // Lost: stop the work (the round that takes a lease again starts it afresh).
      this.logger.warn(`lost (token ${this.lease.token}): another process took over; standing by`);
      this.lease = null;
      await this.work.stop();
    }
    const lease = await this.keeper.tryAcquire(this.name);
    if (!lease) return;
    this.lease = lease;
    await this.work.start(lease);
  }

  /**
   * Renews now and answers whether the lease is still held: work that acts outside the read store
   * (the scheduler issues commands) asks before each round, so it acts only while it holds the lease.
   */
  async confirm(): Promise<boolean> {
    await this.tick();
    return this.lease !== null;
  }

  /** Stops the work and gives the lease up, so a standby takes it at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    if (!this.lease) return;
    const lease = this.lease;
    this.lease = null;
    await this.work.stop();
    await this.keeper.release(lease).catch((e) => this.logger.warn(`release failed: ${String(e)}`));
  }
}
