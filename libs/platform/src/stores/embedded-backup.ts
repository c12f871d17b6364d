import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EmbeddedReadStore } from '@opc/readstore/embedded-read-store';
import { LEASES_COLLECTION } from '../leases/leases';

/**
 * Backup and restore of the embedded default's data directory (events.db, readstore.db, the
 * generated secrets and the manual clock). Safe while the server writes:
 *  - each SQLite file is copied with `VACUUM INTO`, one read transaction: a consistent snapshot
 *    of that file even with writers at work (WAL mode lets them go on);
 *  - the read store is copied BEFORE the event store: its checkpoints (projections, process
 *    managers) then never run ahead of the events in the backup, so after a restore every read
 *    model catches up from its checkpoint and none skips an event. (The other order could leave a
 *    checkpoint past the restored head, and the next events would be missed.)
 */
export const DATA_FILES = { readStore: 'readstore.db', eventStore: 'events.db' } as const;
const PLAIN_FILES = ['jwt-secret', 'subject-key', 'manual-clock'];

export interface BackupManifest {
  createdAt: string;
  /** The last event position in the backup's event store. */
  eventHead: number;
  files: string[];
}

export function backupDataDir(dataDir: string, target: string, now = new Date()): BackupManifest {
  const src = (name: string) => join(dataDir, name);
  if (!existsSync(src(DATA_FILES.eventStore))) throw new Error(`no embedded event store in ${dataDir}`);
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`${target} is not empty`);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const files: string[] = [];
  for (const name of [DATA_FILES.readStore, DATA_FILES.eventStore]) {
    if (!existsSync(src(name))) continue;
    const db = new Database(src(name), { readonly: true, fileMustExist: true });
    try {
      db.prepare('VACUUM INTO ?').run(join(target, name));
    } finally {
      db.close();
    }
    files.push(name);
  }
  for (const name of PLAIN_FILES)
    if (existsSync(src(name))) {
      copyFileSync(src(name), join(target, name));
      files.push(name);
    }
  for (const name of files) chmodSync(join(target, name), 0o600);
  const manifest: BackupManifest = {
    createdAt: now.toISOString(),
    eventHead: eventHeadOf(join(target, DATA_FILES.eventStore)),
    files,
  };
  writeFileSync(join(target, 'backup.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}

/** Restores a backup into an empty (or absent) data directory; point DATA_DIR at it and start. */
export async function restoreDataDir(backup: string, dataDir: string): Promise<BackupManifest> {
  const manifestFile = join(backup, 'backup.json');
  if (!existsSync(manifestFile)) throw new Error(`${backup} holds no backup.json: not a backup made by npm run backup`);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new Error(`${dataDir} is not empty: restore into a new data directory`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const name of manifest.files) {
    copyFileSync(join(backup, name), join(dataDir, name));
    chmodSync(join(dataDir, name), 0o600);
  }
  // The leases in the copy belong to the processes that ran on the source: the restored directory starts with none.
  if (manifest.files.includes(DATA_FILES.readStore)) {
    const docs = EmbeddedReadStore.open(join(dataDir, DATA_FILES.readStore));
    await docs.dropCollection(LEASES_COLLECTION);
    await docs.close();
  }
  return manifest;
}

function eventHeadOf(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT MAX(position) AS head FROM events').get() as { head: number | null } | undefined;
    return row?.head ?? 0;
  } finally {
    db.close();
  }
}
