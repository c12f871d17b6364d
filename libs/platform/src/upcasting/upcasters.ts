import type { EventMetadata, RecordedEvent } from '@opc/kernel';

/** What an upcaster makes of one recorded event: the next version's type and data (metadata kept unless given). */
export interface UpcastResult {
  type: string;
  data: unknown;
  metadata?: EventMetadata;
}

/** Turns one recorded event of type `from` into the next version. Must not change its argument (it may be frozen). */
export type Upcaster = (event: RecordedEvent) => UpcastResult;

/** Upcasting longer than this is taken as a loop between upcasters. */
const MAX_STEPS = 32;

/**
 * Schema evolution (docs/architecture.md "Schema evolution"): event types carry their version
 * (`X.v1`, `X.v2`); a recorded event is never rewritten, it is upcast when read. Each context
 * registers, at module init, one upcaster per old type, from that type to the next version; a
 * chain v1 → v2 → v3 is applied in turn. Every reader of the event store (the UpcastingEventStore
 * wraps it) then sees only current versions: projections, process managers, the command
 * pipeline, as-of reads and history.
 */
export class Upcasters {
  private readonly byType = new Map<string, Upcaster>();

  /** Registers the upcaster of `from` (e.g. 'MembershipApplied.v1' → a 'MembershipApplied.v2' event). Once per type. */
  register(from: string, upcast: Upcaster): this {
    if (this.byType.has(from)) throw new Error(`an upcaster from ${from} is registered already`);
    this.byType.set(from, upcast);
    return this;
  }

  /** Whether any upcaster is registered (nothing to do otherwise). */
  get size(): number {
    return this.byType.size;
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  /**
   * The event at its latest version: the same object when no upcaster applies, otherwise a new
   * event (new envelope, same streamId, revision and position); the recorded one is not touched.
   */
  upcast(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (let step = 0; ; step++) {
      const upcaster = this.byType.get(current.type);
      if (!upcaster) return current;
      if (step >= MAX_STEPS) throw new Error(`upcasting ${event.type} did not end after ${MAX_STEPS} steps: a loop?`);
      const next = upcaster(current);
      if (next.type === current.type) throw new Error(`the upcaster from ${current.type} must produce another type`);
      current = {
        streamId: current.streamId,
        revision: current.revision,
        position: current.position,
        type: next.type,
        data: next.data,
        metadata: next.metadata ?? current.metadata,
      };
    }
  }

  /** Every event at its latest version; the same array when none needed upcasting. */
  upcastAll(events: RecordedEvent[]): RecordedEvent[] {
    if (this.byType.size === 0) return events;
    let out: RecordedEvent[] | null = null;
    for (let i = 0; i < events.length; i++) {
      const upcast = this.upcast(events[i]);
      if (upcast !== events[i]) (out ??= events.slice())[i] = upcast;
    }
    return out ?? events;
  }
}
