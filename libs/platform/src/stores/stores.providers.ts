import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { EVENT_STORE, SqliteEventStore, type EventStore } from '@opc/eventstore';
import { EmbeddedReadStore, MongoReadStore, READ_STORE, type ReadStore } from '@opc/readstore';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config';

const logger = new Logger('stores');

/**
 * Storage is chosen by the environment: the embedded default keeps both stores in files under
 * DATA_DIR; EVENTSTORE_URL / MONGODB_URL switch to the servers (docker compose).
 */
export const storeProviders: Provider[] = [
  {
    provide: EVENT_STORE,
    inject: [PLATFORM_CONFIG],
    useFactory: async (config: PlatformConfig): Promise<EventStore> => {
      if (config.eventStoreUrl) {
        const { EventStoreDbEventStore } = await import('@opc/eventstore/eventstoredb-event-store');
        logger.log('event store: EventStoreDB');
        return EventStoreDbEventStore.connect(config.eventStoreUrl);
      }
      mkdirSync(config.dataDir, { recursive: true });
      const file = join(config.dataDir, 'events.db');
      logger.log(`event store: embedded SQLite at ${file}`);
      return new SqliteEventStore(file);
    },
  },
  {
    provide: READ_STORE,
    inject: [PLATFORM_CONFIG],
    useFactory: async (config: PlatformConfig): Promise<ReadStore> => {
      if (config.mongodbUrl) {
        logger.log(`read store: MongoDB database ${config.mongodbDb}`);
        return MongoReadStore.connect(config.mongodbUrl, config.mongodbDb);
      }
      mkdirSync(config.dataDir, { recursive: true });
      const file = join(config.dataDir, 'readstore.db');
      logger.log(`read store: embedded at ${file}`);
      return EmbeddedReadStore.open(file);
    },
  },
];

/** Closes both stores when the application shuts down (after the projections have stopped). */
@Injectable()
export class StoresLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly docs: ReadStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
    await this.docs.close();
  }
}
