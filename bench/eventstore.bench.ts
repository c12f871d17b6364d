import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EventMetadata, NewEvent } from '@opc/kernel';
import { SqliteEventStore } from '@opc/eventstore';

/**
 * Event store benchmark on the SQLite adapter (WAL, synchronous=FULL: every acknowledged append
 * is fsync'd). Each workload gets a fresh temp data file.
 *
 * Event size: `data` is ~200 bytes of JSON; the envelope metadata (~430 bytes of JSON: four ids,
 * actor, two instants, rule set) comes in addition, as the application stores it.
 * W1 builds each event inside the timed command, as a handler would; W2 builds its 100,000 events
 * before the clock starts, so it times the store alone.
 */

const STREAMS = 1_000;
const W1_ROUNDS = 10;
const W1_ISSUERS = 8;
const W2_EVENTS_PER_APPEND = 100;
const W2_IN_FLIGHT = 8;
const W3_EVENTS = 1_000;
const W3_RUNS = 50;

function metadata(commandId: string): EventMetadata {
  return {
    eventId: randomUUID(),
    commandId,
    correlationId: randomUUID(),
    causationId: commandId,
    actor: { id: 'member-7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c37', role: 'community-admin' },
    occurredAt: new Date().toISOString(),
    recordedAt: new Date().toISOString(),
    ruleSet: { id: 'membership-admission', version: 4 },
  };
}

/** ~200 bytes of JSON once serialised. */
function event(streamId: string, n: number, commandId: string): NewEvent {
  return {
    type: 'MemberEvaluationRecorded.v1',
    data: {
      memberId: streamId,
      sequence: n,
      score: 87.5,
      criteria: { attendance: 0.92, contribution: 0.81, peerReview: 0.88 },
      note: 'Quarterly evaluation recorded by the community board after review.',
      period: '2024-Q1',
    },
    metadata: metadata(commandId),
  };
}

async function withStore<T>(work: (store: SqliteEventStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'opc-eventstore-bench-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  try {
    return await work(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function expectHead(store: SqliteEventStore, events: number): Promise<void> {
  const head = await store.headPosition();
  if (head !== events) throw new Error(`expected ${events} events stored, found ${head}`);
}

/** One command: read the stream, fold it, append one event at the revision it saw. */
async function command(store: SqliteEventStore, streamId: string): Promise<void> {
  const history = await store.readStream(streamId);
  const state = history.reduce((folded, e) => ({ count: folded.count + 1, last: e.revision }), { count: 0, last: -1 });
  const commandId = randomUUID();
  await store.append(streamId, [event(streamId, state.count, commandId)], {
    expectedRevision: state.last < 0 ? 'no-stream' : state.last,
    commandId,
  });
}

/** W1: STREAMS × W1_ROUNDS commands from `issuers` async workers, each owning its own streams. */
async function w1(issuers: number): Promise<{ perSecond: number; commits: number }> {
  return withStore(async (store) => {
    const worker = async (w: number): Promise<void> => {
      for (let round = 0; round < W1_ROUNDS; round++) {
        for (let s = w; s < STREAMS; s += issuers) await command(store, `member-${s}`);
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: issuers }, (_, w) => worker(w)));
    const seconds = (performance.now() - start) / 1000;
    await expectHead(store, STREAMS * W1_ROUNDS);
    return { perSecond: (STREAMS * W1_ROUNDS) / seconds, commits: store.commitCount };
  });
}

/** W2: one append of W2_EVENTS_PER_APPEND events to each of STREAMS new streams, W2_IN_FLIGHT at a time. */
async function w2(): Promise<{ perSecond: number; commits: number }> {
  return withStore(async (store) => {
    const batches = Array.from({ length: STREAMS }, (_, s) => {
      const commandId = randomUUID();
      return Array.from({ length: W2_EVENTS_PER_APPEND }, (_, n) => event(`member-${s}`, n, commandId));
    });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < STREAMS) {
        const s = next++;
        await store.append(`member-${s}`, batches[s], { expectedRevision: 'no-stream' });
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: W2_IN_FLIGHT }, worker));
    const seconds = (performance.now() - start) / 1000;
    await expectHead(store, STREAMS * W2_EVENTS_PER_APPEND);
    return { perSecond: (STREAMS * W2_EVENTS_PER_APPEND) / seconds, commits: store.commitCount };
  });
}

/** W3: median time to read and fold a W3_EVENTS-event stream. */
async function w3(): Promise<number> {
  return withStore(async (store) => {
    const commandId = randomUUID();
    const events = Array.from({ length: W3_EVENTS }, (_, n) => event('member-long', n, commandId));
    await store.append('member-long', events, { expectedRevision: 'no-stream' });
    const fold = async (): Promise<number> => {
      const history = await store.readStream('member-long');
      return history.reduce((sum, e) => sum + (e.data as { score: number }).score, 0);
    };
    if ((await fold()) !== 87.5 * W3_EVENTS) throw new Error('fold read a wrong stream');
    for (let i = 0; i < 5; i++) await fold(); // warm-up: JIT and page cache
    const times: number[] = [];
    for (let i = 0; i < W3_RUNS; i++) {
      const start = performance.now();
      await fold();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  });
}

export async function runEventStoreBench(): Promise<Record<string, string | number>> {
  const sample = event('member-0', 0, randomUUID());
  const sequential = await w1(1);
  const concurrent = await w1(W1_ISSUERS);
  const bulk = await w2();
  const foldMs = await w3();
  const figures: Record<string, string | number> = {
    'event size (bytes)': `data ${JSON.stringify(sample.data).length} + metadata ${JSON.stringify(sample.metadata).length} (metadata in addition)`,
    'W1 commands/s, 1 issuer': Math.round(sequential.perSecond),
    'W1 commits, 1 issuer': sequential.commits,
    [`W1 commands/s, ${W1_ISSUERS} issuers (goal >= 3000)`]: Math.round(concurrent.perSecond),
    [`W1 commits, ${W1_ISSUERS} issuers`]: concurrent.commits,
    [`W2 events/s, ${W2_IN_FLIGHT} appends in flight (goal >= 200000)`]: Math.round(bulk.perSecond),
    'W2 commits': bulk.commits,
    [`W3 fold ${W3_EVENTS} events, median of ${W3_RUNS} ms (goal < 2)`]: Number(foldMs.toFixed(3)),
  };
  for (const [name, value] of Object.entries(figures)) console.log(`${name}: ${value}`);
  return figures;
}

if (require.main === module) {
  runEventStoreBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
