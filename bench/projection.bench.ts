import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId, type NewEvent } from '@opc/kernel';
import { SqliteEventStore } from '@opc/eventstore';
import { EmbeddedReadStore } from '@opc/readstore';
import { ProjectionWorker, REGISTRY_COLLECTION } from '@opc/platform';
import { membersProjection } from '@opc/membership';

/**
 * W4: rebuild the real `members` projection over 1,000,000 events into the embedded read store.
 * 100,000 members × 10 events (an application, then nine evidence items, ~200-byte data each),
 * written before the clock starts. Two figures, side by side on the same file:
 * - the read + parse limit: `readAll` over the 1,000,000 events in pages of 1,000, doing nothing
 *   else (the store parses each event's JSON), which bounds any rebuild on this machine;
 * - the rebuild: the live generation recorded at the head, `rebuild()` builds the next one from
 *   position 0 beside it and switches; the clock runs from the call until the switch.
 */
const MEMBERS = 100_000;
const EVENTS_PER_MEMBER = 10;

const envelope = (commandId: string) => ({
  eventId: newId(),
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { id: 'bench', role: 'recruiter' },
  occurredAt: '2026-10-09T02:00:00.000Z',
  recordedAt: '2026-10-09T02:00:00.000Z',
  ruleSet: { id: 'membership', version: 1 },
});

function memberEvents(memberId: string): NewEvent[] {
  const commandId = newId();
  const events: NewEvent[] = [
    {
      type: 'MembershipApplied.v1',
      data: {
        memberId,
        applicantType: 'opc',
        name: 'Bench Studio',
        subjectHash: 'f'.repeat(64),
        direction: 'ai-native-innovation',
        description: 'AI agents',
        materials: [],
        attestations: { noDishonestyRecord: true, acceptsRules: true },
        initialReviewDue: { date: '2026-10-20', provisional: false },
      },
      metadata: envelope(commandId),
    },
  ];
  for (let i = 1; i < EVENTS_PER_MEMBER; i++)
    events.push({
      type: 'EvidenceSubmitted.v1',
      data: {
        evidenceId: `${memberId}-${i}`,
        kind: 'project-report',
        fileRef: `files/${memberId}/report-${i}.pdf`,
        sha256: 'c'.repeat(64),
      },
      metadata: envelope(commandId),
    });
  return events;
}

export async function runProjectionBench(): Promise<Record<string, string | number>> {
  const dir = mkdtempSync(join(tmpdir(), 'opc-projection-bench-'));
  const events = new SqliteEventStore(join(dir, 'events.db'));
  const docs = EmbeddedReadStore.open(join(dir, 'readstore.db'));
  try {
    const inFlight: Promise<unknown>[] = [];
    for (let m = 0; m < MEMBERS; m++) {
      const id = `bench-${m}`;
      inFlight.push(events.append(`member-${id}`, memberEvents(id), { expectedRevision: 'no-stream' }));
      if (inFlight.length === 64) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
    const head = await events.headPosition();
    const count = (n: number) => n.toLocaleString('en');

    let read = 0;
    const readStarted = performance.now();
    for (let after = 0; ;) {
      const page = await events.readAll({ afterPosition: after, maxCount: 1000 });
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1].position;
    }
    const readSeconds = (performance.now() - readStarted) / 1000;
    const limit = Math.round(read / readSeconds);
    console.log(
      `W4 read + parse limit: readAll of ${count(read)} events, JSON parse only: ${readSeconds.toFixed(2)} s → ${count(limit)} events/s`,
    );

    // The live generation is recorded at the head (and empty): the worker only rebuilds.
    await docs.write([
      {
        collection: REGISTRY_COLLECTION,
        ops: [
          {
            replaceOne: {
              filter: { _id: membersProjection.name },
              replacement: {
                _id: membersProjection.name,
                version: membersProjection.version,
                generation: 1,
                checkpoint: head,
                rebuild: null,
              },
              upsert: true,
            },
          },
        ],
      },
    ]);
    const worker = new ProjectionWorker(membersProjection, events, docs);
    await worker.start();
    const started = performance.now();
    await worker.rebuild();
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const perSecond = Math.round(head / seconds);
    const ratio = perSecond / limit;
    console.log(
      `W4 rebuild of the members projection: ${count(head)} events in ${seconds.toFixed(2)} s → ${count(perSecond)} events/s ` +
        `(${(100 * ratio).toFixed(0)} % of the read + parse limit)`,
    );
    return { 'W4 events/s': perSecond, 'W4 read+parse limit events/s': limit, 'W4 rebuild / limit': ratio.toFixed(2) };
  } finally {
    await events.close();
    await docs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runProjectionBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
