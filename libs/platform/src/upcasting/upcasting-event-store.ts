import type { NewEvent, RecordedEvent } from '@opc/kernel';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
} from '@opc/eventstore';
import type { Upcasters } from './upcasters';

/**
 * The EventStore port with every event read upcast to its latest version (`readStream`,
 * `readAll`, `subscribeToAll`); everything else goes to the wrapped store unchanged. It consults
 * the registry at read time, so upcasters registered at module init (after the store was built,
 * before anything reads) apply to every read.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly upcasters: Upcasters,
  ) {}

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.upcasters.upcastAll(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.upcasters.upcastAll(await this.inner.readAll(options));
  }

  subscribeToAll(options?: { afterPosition?: number; batchSize?: number }): AllSubscription {
    const inner = this.inner.subscribeToAll(options);
    const upcasters = this.upcasters;
    async function* batches(): AsyncGenerator<RecordedEvent[]> {
      for await (const batch of inner) yield upcasters.upcastAll(batch);
    }
    const iterator = batches();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: () => inner.close(),
    };
  }

  findCommand(commandId: string): Promise<AppendResult | null> {
    return this.inner.findCommand(commandId);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
