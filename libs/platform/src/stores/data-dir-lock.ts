import { closeSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { ensureDataDir } from '../config';

/** The lock's file in DATA_DIR: a SQLite database used only for SQLite's own file locking. */
export const LOCK_FILE = 'lock.db';

/** Who holds a data directory. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The script it runs, e.g. `dist/apps/api/src/main.js`. */
  command: string;
  /** Its PORT (the API listens there). */
  port: number | null;
  since: string;
}

/** Another process writes the embedded stores in this data directory. */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    const by = holder ? `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})` : 'another process';
    super(`the embedded stores in ${dataDir} are in use by ${by}`);
    this.name = 'DataDirInUse';
  }
}

/**
 * One process at a time on the embedded stores of a data directory. Two processes writing the
 * same SQLite files would each keep caches the other invalidates (the read store holds every
 * document in memory; the event store its stream heads), so the second is refused at start.
 *
 * The lock is SQLite's own: the holder keeps a write transaction open on `DATA_DIR/lock.db`
 * (a RESERVED lock, taken with a busy timeout of 0), so another connection cannot begin one, yet
 * can still read who holds it. The operating system releases it with the process, however the
 * process ends (a crash, `kill -9`): there is no stale lock to clean up.
 */
export class DataDirLock {
  private constructor(private db: Database.Database | null) {}

  /** Takes the lock or throws `DataDirInUse`. */
  static acquire(dataDir: string, port: number | null = null): DataDirLock {
    ensureDataDir(dataDir);
    const file = join(dataDir, LOCK_FILE);
    // Created 0600 before SQLite opens it, like the stores' files.
    closeSync(openSync(file, 'a', 0o600));
    const db = new Database(file, { timeout: 0 });
    try {
      db.exec(
        'CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, host TEXT NOT NULL, command TEXT NOT NULL, port INTEGER, since TEXT NOT NULL)',
      );
      if (!tryBegin(db)) throw new DataDirInUse(dataDir, holderOf(db));
      db.exec('DELETE FROM holder');
      db.prepare('INSERT INTO holder (pid, host, command, port, since) VALUES (?, ?, ?, ?, ?)').run(
        process.pid,
        hostname(),
        scriptOfThisProcess(),
        port,
        new Date().toISOString(),
      );
      db.exec('COMMIT');
      // Who holds it is committed, so others can read it; now hold. Another process that slipped
      // in between the COMMIT and this BEGIN holds it instead, and this one gives way.
      if (!tryBegin(db)) throw new DataDirInUse(dataDir, holderOf(db));
      return new DataDirLock(db);
    } catch (e) {
      db.close();
      // Busy outside a BEGIN: another process is creating the lock file's table this very moment.
      if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUse(dataDir, null);
      throw e;
    }
  }

  /** Who holds the data directory's lock now, or null when nobody does. */
  static holder(dataDir: string): LockHolder | null {
    const file = join(dataDir, LOCK_FILE);
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: 0, fileMustExist: true });
    } catch {
      return null;
    }
    try {
      if (tryBegin(db)) {
        db.exec('ROLLBACK');
        return null;
      }
      return holderOf(db);
    } finally {
      db.close();
    }
  }

  /** Releases the lock (idempotent). */
  release(): void {
    if (!this.db) return;
    this.db.close();
    this.db = null;
  }
}

function tryBegin(db: Database.Database): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw e;
  }
}

function holderOf(db: Database.Database): LockHolder | null {
  try {
    return (db.prepare('SELECT pid, host, command, port, since FROM holder').get() as LockHolder | undefined) ?? null;
  } catch {
    return null;
  }
}

function scriptOfThisProcess(): string {
  const script = process.argv[1];
  if (!script) return 'node';
  const inside = relative(process.cwd(), script);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : script;
}
