import type { NewEvent, RecordedEvent } from '@opc/kernel';
import { assertAppendable, CommitFeed, followAll, limitOf, revisionConflict, toJson } from './adapter-support';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
} from './event-store.port';

/** An event as kept in memory: payloads as JSON text, exactly what the SQLite adapter stores. */
interface StoredEvent {
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: string;
  metadata: string;
}

/**
 * The event store in process memory, for tests and tools. Same contract as the SQLite adapter
 * minus durability. Payloads go through JSON on the way in and out so that callers get the same
 * value semantics (fresh objects on every read, no aliasing of what they appended).
 */
export class InMemoryEventStore implements EventStore {
  /** Index = position - 1. */
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly commands = new Map<string, AppendResult>();
  private readonly feed = new CommitFeed();
  private closed = false;

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    assertAppendable(streamId, events, options);
    // Serialise first, as the SQLite adapter does: a non-serialisable event fails its append.
    const payloads = events.map((event) => ({
      type: event.type,
      data: toJson(event.data, 'data'),
      metadata: toJson(event.metadata, 'metadata'),
    }));
    const { commandId, expectedRevision } = options;
    const seen = commandId === undefined ? undefined : this.commands.get(commandId);
    if (seen) return { ...seen, duplicate: true };

    const stream = this.streams.get(streamId) ?? [];
    const conflict = revisionConflict(streamId, expectedRevision, stream.length - 1);
    if (conflict) throw conflict;

    const stored = payloads.map((payload, i): StoredEvent => ({
      streamId,
      revision: stream.length + i,
      position: this.all.length + 1 + i,
      ...payload,
    }));
    for (const event of stored) {
      stream.push(event);
      this.all.push(event);
    }
    this.streams.set(streamId, stream);

    const last = stored[stored.length - 1];
    const result: AppendResult = {
      streamId,
      firstRevision: stored[0].revision,
      nextExpectedRevision: last.revision,
      position: last.position,
      duplicate: false,
    };
    if (commandId !== undefined) this.commands.set(commandId, result);
    this.feed.notify();
    return { ...result };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = limitOf(options.maxCount);
    const stream = this.streams.get(streamId) ?? [];
    let slice: StoredEvent[];
    if (options.direction === 'backward') {
      const from = Math.min(options.fromRevision ?? stream.length - 1, stream.length - 1);
      slice = from < 0 ? [] : stream.slice(0, from + 1).reverse();
    } else {
      slice = stream.slice(Math.max(options.fromRevision ?? 0, 0));
    }
    return (limit < 0 ? slice : slice.slice(0, limit)).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = limitOf(options.maxCount);
    const start = Math.max(options.afterPosition ?? 0, 0);
    const end = limit < 0 ? undefined : start + limit;
    return this.all.slice(start, end).map(toRecorded);
  }

  subscribeToAll(options?: { afterPosition?: number; batchSize?: number }): AllSubscription {
    this.assertOpen();
    return followAll((afterPosition, maxCount) => this.readAll({ afterPosition, maxCount }), this.feed, options);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.all.length;
  }

  async findCommand(commandId: string): Promise<AppendResult | null> {
    this.assertOpen();
    const seen = this.commands.get(commandId);
    return seen ? { ...seen } : null;
  }

  /** Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.feed.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

function toRecorded(event: StoredEvent): RecordedEvent {
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: JSON.parse(event.data),
    metadata: JSON.parse(event.metadata),
  };
}
