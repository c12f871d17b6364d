import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedReadStore, type WriteOp } from '@opc/readstore';

/**
 * Read store benchmark on the embedded adapter (SQLite file, WAL, synchronous=NORMAL), the shape
 * of a projection rebuild: OPS updateOne-by-_id upserts (`$set` + `$inc`) spread over DOCS
 * documents, in write batches of BATCH ops (one SQLite transaction each), on a fresh temp file.
 * The time includes building the ops, as a projection would.
 */

const OPS = 1_000_000;
const DOCS = 10_000;
const BATCH = 1_000;
const QUERIES = 200;

function op(n: number): WriteOp {
  const id = `member-${(n * 7919) % DOCS}`;
  return {
    updateOne: {
      filter: { _id: id },
      update: {
        $set: {
          status: n % 17 === 0 ? 'suspended' : 'active',
          'lastEvent.id': `evt-${n}`,
          'lastEvent.at': new Date(1_700_000_000_000 + n * 1000).toISOString(),
          community: `community-${n % 50}`,
        },
        $inc: { eventsApplied: 1, 'score.total': n % 5 },
      },
      upsert: true,
    },
  };
}

export async function runReadStoreBench(): Promise<Record<string, string | number>> {
  const dir = mkdtempSync(join(tmpdir(), 'opc-readstore-bench-'));
  const file = join(dir, 'read.db');
  try {
    let store = EmbeddedReadStore.open(file);
    const start = performance.now();
    for (let first = 0; first < OPS; first += BATCH) {
      const ops: WriteOp[] = new Array(BATCH);
      for (let i = 0; i < BATCH; i++) ops[i] = op(first + i);
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
      workload: `${OPS} updateOne-by-_id upserts ($set 4 fields + $inc 2) over ${DOCS} docs, batches of ${BATCH}`,
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
