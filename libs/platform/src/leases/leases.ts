import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { PreconditionFailed, type Doc, type ReadStore, type WriteBatch } from '@opc/readstore';

/**
 * Leases in the read store, so that several projector processes can run and each piece of work —
 * a projection, a process manager, the scheduler — is done by one of them at a time.
 *
 * A lease is a document `{ _id: name, holder, token, expiresAt }` in `_leases`. Taking it is a
 * compare-and-set on its token (the write applies only if the token is still the one read, and
 * raises it by one); keeping it is renewing `expiresAt` before it passes. The token is a FENCING
 * token: every batch the holder writes carries `expect: { _id, token, holder }`, so a holder that
 * lost the lease — paused past its expiry, then woken — cannot write a single document: its batch
 * is refused whole (`PreconditionFailed`) and it stops. Whoever took over starts from the
 * checkpoint in the read store, so no event is applied twice and none is skipped.
 */
export const LEASES_COLLECTION = '_leases';

export interface LeaseDoc extends Doc {
  _id: string;
  holder: string | null;
  token: number;
  /** ISO instant; past it, anyone may take the lease. */
  expiresAt: string;
}

export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
}

/** The batch entry that fences a write with the lease: prepend it to the batch. */
export const fenceOf = (lease: Lease): WriteBatch[number] => ({
  collection: LEASES_COLLECTION,
  ops: [{ expect: { filter: { _id: lease.name, token: lease.token, holder: lease.holder } } }],
});

/** This process's holder id: host and pid (a dead holder on this host is noticed at once), and a nonce. */
export const processHolder = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

const EPOCH = new Date(0).toISOString();

export class LeaseKeeper {
  constructor(
    private readonly docs: ReadStore,
    readonly holder: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /** Whether a holder on this host is still alive (pid check); injectable for tests. */
    private readonly alive: (holder: string) => boolean = holderAlive,
  ) {}

  /** Every lease with its holder, for /health: who runs what across the projector processes. */
  async list(): Promise<(LeaseDoc & { live: boolean; here: boolean })[]> {
    const now = this.iso();
    const docs = await this.docs.find<LeaseDoc>(LEASES_COLLECTION, {}, { sort: { _id: 1 } });
    return docs.map((d) => ({ ...d, live: d.holder !== null && d.expiresAt > now, here: d.holder === this.holder }));
  }

  async read(name: string): Promise<LeaseDoc | null> {
    return this.docs.findOne<LeaseDoc>(LEASES_COLLECTION, { _id: name });
  }

  /** Takes the lease when it is free, expired, or held by a dead process on this host; else null. */
  async tryAcquire(name: string): Promise<Lease | null> {
    let doc = await this.read(name);
    if (!doc) {
      await this.seed(name);
      doc = await this.read(name);
      if (!doc) return null;
    }
    const free = doc.holder === null || doc.holder === this.holder || doc.expiresAt <= this.iso() || !this.alive(doc.holder);
    if (!free) return null;
    const lease = { name, holder: this.holder, token: doc.token + 1 };
    return (await this.compareAndSet(name, doc.token, {
      holder: this.holder,
      token: lease.token,
      expiresAt: this.iso(this.ttlMs),
    }))
      ? lease
      : null;
  }

  /** Pushes the expiry on; false when the lease is no longer this holder's (taken over). */
  async renew(lease: Lease): Promise<boolean> {
    return this.compareAndSet(
      lease.name,
      lease.token,
      { holder: lease.holder, token: lease.token, expiresAt: this.iso(this.ttlMs) },
      lease.holder,
    );
  }

  /** Gives the lease up (a graceful stop), so another process takes it at once. */
  async release(lease: Lease): Promise<void> {
    await this.compareAndSet(lease.name, lease.token, { holder: null, token: lease.token, expiresAt: EPOCH }, lease.holder);
  }

  private iso(plusMs = 0): string {
    return new Date(this.now() + plusMs).toISOString();
  }

  /** The first document, written only where none exists (an upsert on token 0 collides with any other). */
  private async seed(name: string): Promise<void> {
    try {
      await this.docs.write([
        {
          collection: LEASES_COLLECTION,
          ops: [
            {
              replaceOne: {
                filter: { _id: name, token: 0 },
                replacement: { _id: name, holder: null, token: 0, expiresAt: EPOCH },
                upsert: true,
              },
            },
          ],
        },
      ]);
    } catch {
      // Someone else created it first (duplicate key): read what they wrote.
    }
  }

  /** Replaces the lease if its token (and holder) are still as read; the expect proves the replace matched. */
  private async compareAndSet(name: string, token: number, next: Omit<LeaseDoc, '_id'>, holder?: string): Promise<boolean> {
    const filter = { _id: name, token, ...(holder !== undefined ? { holder } : {}) };
    try {
      await this.docs.write([
        {
          collection: LEASES_COLLECTION,
          ops: [
            { replaceOne: { filter, replacement: { _id: name, ...next } } },
            { expect: { filter: { _id: name, token: next.token, holder: next.holder, expiresAt: next.expiresAt } } },
          ],
        },
      ]);
      return true;
    } catch (e) {
      if (e instanceof PreconditionFailed) return false;
      throw e;
    }
  }
}

/** A holder `host:pid:nonce` on this host whose pid is gone has died: its lease need not wait out its expiry. */
export function holderAlive(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return true;
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
