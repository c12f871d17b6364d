import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedReadStore, type WriteOp } from '@opc/readstore';

/**
 * Read store benchmark on the embedded adapter (SQLite file, WAL, synchronous=NORMAL), the shape
 * of a projection rebuild: OPS replaceOne-by-_id upserts of whole documents (what a projection's
 * `put` becomes) spread over DOCS documents, in write batches of BATCH ops (one SQLite transaction
 * each), on a fresh temp file. The time includes building the documents, as a projection would.
 */

const OPS = 1_000_000;
const DOCS = 10_000;
const BATCH = 1_000;
const QUERIES = 200;

type MemberDoc = {
  _id: string;
  status: string;
  lastEvent: { id: string; at: string };
  community: string;
  eventsApplied: number;
  score: { total: number };
};

/** The n-th event folded into its member's document (the previous state as the projection read it). */
function op(n: number, current: Map<string, MemberDoc>): WriteOp {
  const id = `member-${(n * 7919) % DOCS}`;
  const previous = current.get(id);
  const doc: MemberDoc = {
    _id: id,
    status: n % 17 === 0 ? 'suspended' : 'active',
    lastEvent: { id: `evt-${n}`, at: new Date(1_700_000_000_000 + n * 1000).toISOString() },
    community: `community-${n % 50}`,
    eventsApplied: (previous?.eventsApplied ?? 0) + 1,
    score: { total: (previous?.score.total ?? 0) + (n % 5) },
  };
  current.set(id, doc);
  return { replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } };
}

export async function runReadStoreBench(): Promise<Record<string, string | number>> {
  const dir = mkdtempSync(join(tmpdir(), 'opc-readstore-bench-'));
  const file = join(dir, 'read.db');
  try {
    let store = EmbeddedReadStore.open(file);
    const current = new Map<string, MemberDoc>();
    const start = performance.now();
    for (let first = 0; first < OPS; first += BATCH) {
      const ops: WriteOp[] = new Array(BATCH);
      for (let i = 0; i < BATCH; i++) ops[i] = op(first + i, current);
      await store.write([{ collection: 'members', ops }]);
    }
    const writeSeconds = (performance.now() - start) / 1000;
    const docs = await store.count('members');
    const applied = (await store.find<{ _id: string; eventsApplied: number }>('members')).reduce(
      (sum, d) => sum + d.eventsApplied,
      0,
    );
    if (docs !== DOCS || applied !== OPS) throw new Error(`unexpected result: ${docs} docs, ${applied} events applied`);

    const queryStart = performance.now();
    for (let q = 0; q < QUERIES; q++) await store.find('members', { community: `community-${q % 50}`, status: 'active' });
    const scanMs = (performance.now() - queryStart) / QUERIES;

    await store.close();
    const openStart = performance.now();
    store = EmbeddedReadStore.open(file);
    const openMs = performance.now() - openStart;
    if ((await store.count('members')) !== DOCS) throw new Error('reopen lost documents');
    await store.close();

    const figures: Record<string, string | number> = {
      workload: `${OPS} replaceOne-by-_id upserts of whole documents (6 fields) over ${DOCS} docs, batches of ${BATCH}`,
      'write ops/s (goal >= 100000)': Math.round(OPS / writeSeconds),
      'write total s': Number(writeSeconds.toFixed(2)),
      [`find by 2 equality fields, linear scan of ${DOCS} docs, ms/query`]: Number(scanMs.toFixed(2)),
      [`open (load ${DOCS} docs) ms`]: Number(openMs.toFixed(1)),
    };
    for (const [name, value] of Object.entries(figures)) console.log(`${name}: ${value}`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runReadStoreBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
