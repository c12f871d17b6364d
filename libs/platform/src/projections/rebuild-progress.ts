/**
 * How far a rebuild has come, as `GET /admin/projections` and `npm run projections:rebuild` show
 * it. `done` is the position the new generation has folded, `total` the head of the event store:
 * on the embedded store positions count events (1, 2, 3, …); on EventStoreDB they are log offsets,
 * so the ratio and the ETA still hold but the units are not events.
 */
export interface RebuildStatus {
  generation: number;
  done: number;
  total: number;
  /** Over the last seconds of the rebuild (null until two steps have been timed). */
  ratePerSecond: number | null;
  etaSeconds: number | null;
  startedAt: string;
}

/** A rebuild as the registry record keeps it. */
export interface RebuildRecord {
  generation: number;
  checkpoint: number;
  startedAt: string;
}

export function rebuildStatus(rebuild: RebuildRecord, head: number, ratePerSecond: number | null): RebuildStatus {
  const done = rebuild.checkpoint;
  const total = Math.max(head, done);
  const rate = ratePerSecond !== null && ratePerSecond >= 0.5 ? Math.round(ratePerSecond) : null;
  return {
    generation: rebuild.generation,
    done,
    total,
    ratePerSecond: rate,
    etaSeconds: rate === null ? null : Math.ceil((total - done) / rate),
    startedAt: rebuild.startedAt,
  };
}

/**
 * What a process that does not run the rebuild can tell of its rate (the projector runs it, the
 * api reads the record): the average since it started. It undercounts a rebuild resumed after a
 * restart, which began again from where it stopped.
 */
export function averageRate(rebuild: RebuildRecord, now = Date.now()): number | null {
  const seconds = (now - Date.parse(rebuild.startedAt)) / 1000;
  return seconds > 0 && rebuild.checkpoint > 0 ? rebuild.checkpoint / seconds : null;
}

/** Positions per second over a sliding window of the last steps. */
export class RateMeter {
  private samples: { at: number; position: number }[] = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts over from `position` (a rebuild beginning or resuming). */
  restart(position: number): void {
    this.samples = [{ at: this.now(), position }];
  }

  record(position: number): void {
    const at = this.now();
    this.samples.push({ at, position });
    // Keep the window, and always at least the two samples a rate needs.
    let drop = 0;
    while (this.samples.length - drop > 2 && at - this.samples[drop + 1].at >= this.windowMs) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }

  perSecond(): number | null {
    if (this.samples.length < 2) return null;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const ms = last.at - first.at;
    return ms > 0 ? ((last.position - first.position) * 1000) / ms : null;
  }
}
