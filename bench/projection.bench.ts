import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId, type NewEvent } from '@opc/kernel';
import { SqliteEventStore } from '@opc/eventstore';
import { EmbeddedReadStore } from '@opc/readstore';
import { ProjectionWorker } from '@opc/platform';
import { membersProjection } from '@opc/membership';

/**
 * W4: rebuild the real `members` projection over 1,000,000 events into the embedded read store.
 * 100,000 members × 10 events (an application, then nine evidence items, ~200-byte data each),
 * written before the clock starts; the clock runs from the worker's start until its checkpoint
 * reaches the head.
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

    const worker = new ProjectionWorker(membersProjection, events, docs);
    const started = performance.now();
    await worker.start();
    while (!(await worker.waitFor(head, 60_000))) {
      /* keep waiting */
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const perSecond = Math.round(head / seconds);
    console.log(
      `W4 rebuild of the members projection: ${head.toLocaleString('en')} events in ${seconds.toFixed(2)} s → ${perSecond.toLocaleString('en')} events/s`,
    );
    return { 'W4 events/s': perSecond };
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
