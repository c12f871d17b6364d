import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { EVENT_STORE, SqliteEventStore, type EventStore } from '@opc/eventstore';
import { EmbeddedReadStore, MongoReadStore, READ_STORE, type ReadStore } from '@opc/readstore';
import { ensureDataDir, PLATFORM_CONFIG, type PlatformConfig } from '../config';
import { Upcasters } from '../upcasting/upcasters';
import { UpcastingEventStore } from '../upcasting/upcasting-event-store';
import { DataDirLock } from './data-dir-lock';

const logger = new Logger('stores');

/** The lock on DATA_DIR while an embedded store is open here (null with both servers). */
export const DATA_DIR_LOCK = Symbol('DATA_DIR_LOCK');

/**
 * A data file created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the
 * database file's permissions, so none of them is readable by other users.
 */
function privateFile(dataDir: string, name: string): string {
  ensureDataDir(dataDir);
  const file = join(dataDir, name);
  closeSync(openSync(file, 'a', 0o600));
  return file;
}

/** The store chosen by the environment, as recorded: events at the versions they were written in. */
async function recordedEventStore(config: PlatformConfig): Promise<EventStore> {
  if (config.eventStoreUrl) {
    const { EventStoreDbEventStore } = await import('@opc/eventstore/eventstoredb-event-store');
    logger.log('event store: EventStoreDB');
    return EventStoreDbEventStore.connect(config.eventStoreUrl);
  }
  const file = privateFile(config.dataDir, 'events.db');
  logger.log(`event store: embedded SQLite at ${file}`);
  return new SqliteEventStore(file);
}

/**
 * Storage is chosen by the environment: the embedded default keeps both stores in files under
 * DATA_DIR; EVENTSTORE_URL / MONGODB_URL switch to the servers (docker compose).
 *
 * EVENT_STORE is the chosen store behind the UpcastingEventStore: every reader sees events at
 * their latest version. The Upcasters registry is created first and empty; contexts register into
 * it in onModuleInit, and the decorator consults it at read time, so the registrations apply to
 * every read (projections and process managers start only at application bootstrap).
 */
export const storeProviders: Provider[] = [
  { provide: Upcasters, useFactory: () => new Upcasters() },
  {
    // One process at a time on the embedded files: a second api, a projector or the rebuild CLI
    // on the same DATA_DIR is refused at start (DataDirInUse), before it opens a store.
    provide: DATA_DIR_LOCK,
    inject: [PLATFORM_CONFIG],
    useFactory: (config: PlatformConfig): DataDirLock | null =>
      config.eventStoreUrl && config.mongodbUrl ? null : DataDirLock.acquire(config.dataDir, config.port),
  },
  {
    provide: EVENT_STORE,
    inject: [PLATFORM_CONFIG, Upcasters, DATA_DIR_LOCK],
    useFactory: async (config: PlatformConfig, upcasters: Upcasters): Promise<EventStore> =>
      new UpcastingEventStore(await recordedEventStore(config), upcasters),
  },
  {
    provide: READ_STORE,
    inject: [PLATFORM_CONFIG, DATA_DIR_LOCK],
    useFactory: async (config: PlatformConfig): Promise<ReadStore> => {
      if (config.mongodbUrl) {
        logger.log(`read store: MongoDB database ${config.mongodbDb}`);
        return MongoReadStore.connect(config.mongodbUrl, config.mongodbDb);
      }
      const file = privateFile(config.dataDir, 'readstore.db');
      logger.log(`read store: embedded at ${file}`);
      return EmbeddedReadStore.open(file);
    },
  },
];

/** Closes both stores when the application shuts down (after the projections have stopped), then lets DATA_DIR go. */
@Injectable()
export class StoresLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly docs: ReadStore,
    @Inject(DATA_DIR_LOCK) private readonly lock: DataDirLock | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.events.close();
      await this.docs.close();
    } finally {
      this.lock?.release();
    }
  }
}
