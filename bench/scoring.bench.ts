import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deterministicId, newId, type NewEvent } from '@opc/kernel';
import { SqliteEventStore } from '@opc/eventstore';
import { loadConfig, signToken } from '@opc/platform';
import { createApi } from '../apps/api/src/bootstrap';

/**
 * Closing a quarter of 10,000 scored members: the close decision (ranking, cut, each member's
 * reasons) and everything it causes — eliminations on the member streams, the subjects released,
 * the projections caught up — timed from the request until every projection and process manager
 * has reached the head. The members and their scores are written to the store before the app
 * starts; the app's start-up catch-up is not timed.
 */
const MEMBERS = Number(process.env.SCORING_BENCH_MEMBERS ?? 10_000);
const QUARTER = '2026Q4';

const envelope = (occurredAt: string, ruleSet = { id: 'membership', version: 1 }) => {
  const commandId = newId();
  return {
    eventId: newId(),
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { id: 'bench', role: 'admin' },
    occurredAt,
    recordedAt: occurredAt,
    ruleSet,
  };
};

/** An active member, as admission writes it: applied, reviewed, approved, signed, paid, onboarded. */
function memberEvents(memberId: string, i: number): NewEvent[] {
  const at = '2026-09-29T01:00:00.000Z';
  const e = (type: string, data: unknown): NewEvent => ({ type, data, metadata: envelope(at) });
  return [
    e('MembershipApplied.v1', {
      memberId,
      applicantType: 'opc',
      name: `Bench Studio ${i}`,
      subjectHash: deterministicId('bench-subject', i).replace(/-/g, '').padEnd(64, '0'),
      direction: 'ai-native-innovation',
      description: 'AI agents',
      materials: [],
      attestations: { noDishonestyRecord: true, acceptsRules: true },
      initialReviewDue: { date: '2026-10-14', provisional: false },
    }),
    e('InitialReviewPassed.v1', {
      reason: 'ok',
      findings: { directionFits: true, integrityVerified: true },
      projectEvaluationDue: { date: '2026-10-09', provisional: false },
      late: false,
    }),
    e('ProjectEvaluationApproved.v1', { reason: 'ok', late: false }),
    e('AgreementSigned.v1', {
      startDate: '2026-10-08',
      termEndDate: '2027-10-07',
      feeFen: 0,
      feeDueDate: '2026-10-08',
      depositFen: 0,
      termMonths: 12,
    }),
    e('MemberOnboarded.v1', {
      workspace: `B-${i}`,
      briefingAcknowledged: true,
      onboardedDate: '2026-09-29',
      termEndDate: '2027-10-07',
      renewalReminderDate: '2027-09-08',
      archiveCreated: true,
    }),
  ];
}

/** A score whose total spreads over 50..100, so the close eliminates some (below 60, bottom share) and warns others. */
function scoreEvent(memberId: string, i: number): NewEvent {
  const total = 50 + ((i * 37) % 51);
  return {
    type: 'ScoreRecorded.v1',
    data: {
      quarter: QUARTER,
      memberId,
      entryId: deterministicId('bench-entry', i),
      inputs: {
        attendance: { attended: 9, held: 10 },
        completion: { done: 5, planned: 5 },
        revenue: { actualFen: 1, targetFen: 1 },
        highestAward: 'none',
        contributions: 0,
      },
      evidence: [],
      points: { attendance: 10, completion: 25, revenue: total - 35, awards: 0, contributions: 0 },
      total,
      schemeVersion: 1,
      supersedes: null,
      afterAppeal: null,
    },
    metadata: envelope('2027-01-04T01:00:00.000Z', { id: 'scoring', version: 1 }),
  };
}

export async function runScoringBench(): Promise<Record<string, string | number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'opc-bench-scoring-'));
  try {
    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    const ids = Array.from({ length: MEMBERS }, () => newId());
    for (let i = 0; i < MEMBERS; i++)
      await store.append(`member-${ids[i]}`, memberEvents(ids[i], i), { expectedRevision: 'no-stream' });
    const scores = ids.map((id, i) => scoreEvent(id, i));
    for (let i = 0; i < scores.length; i += 1000)
      await store.append(`quarter-${QUARTER}`, scores.slice(i, i + 1000), { expectedRevision: i === 0 ? 'no-stream' : i - 1 });
    await store.append(
      `quarter-${QUARTER}`,
      [
        {
          type: 'ScorePublicityOpened.v1',
          data: { quarter: QUARTER, openedDate: '2027-01-04', endsDate: '2027-01-07', provisional: true },
          metadata: envelope('2027-01-04T01:00:00.000Z', { id: 'scoring', version: 1 }),
        },
      ],
      { expectedRevision: MEMBERS - 1 },
    );
    await store.close();

    const config = loadConfig({
      DATA_DIR: dataDir,
      CLOCK: 'manual',
      CLOCK_START: '2027-01-11T09:00:00+08:00',
      JWT_SECRET: 'bench-secret',
      SUBJECT_KEY: 'bench-subject-key',
      RATE_LIMIT_PER_SECOND: '0',
    });
    const app = await createApi(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const token = signToken(config.jwtSecret, { sub: 'bench', roles: ['admin'] });
    const health = async () =>
      (await (await fetch(`${base}/health`)).json()) as {
        eventStore: { headPosition: number };
        projections: { lag: number }[];
        processes: { lag: number }[];
      };
    const caughtUp = async () => {
      for (;;) {
        const h = await health();
        if ([...h.projections, ...h.processes].every((p) => p.lag === 0)) return h.eventStore.headPosition;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const headBefore = await caughtUp();
    console.log(`seeded ${MEMBERS} members and ${MEMBERS} scores (${headBefore} events); start-up caught up`);

    const t0 = performance.now();
    const res = await fetch(`${base}/scoring/quarters/${QUARTER}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const reply = (await res.json()) as { cohort: number; cut: number; eliminated: string[]; warningList: string[] };
    const tReply = performance.now();
    if (res.status !== 200) throw new Error(`close: ${res.status} ${JSON.stringify(reply)}`);
    const headAfter = await caughtUp();
    const t1 = performance.now();
    await app.close();

    const written = headAfter - headBefore;
    const seconds = (t1 - t0) / 1000;
    console.log(
      `closed ${QUARTER}: cohort ${reply.cohort}, cut ${reply.cut}, ${reply.eliminated.length} eliminated, ${reply.warningList.length} warned; ` +
        `reply in ${(tReply - t0).toFixed(0)} ms, everything caught up in ${(seconds * 1000).toFixed(0)} ms, ${written} events written`,
    );
    return {
      'scoring: close of 10,000 members, reply (ms)': Math.round(tReply - t0),
      'scoring: close, decision + effects + projections caught up (ms)': Math.round(seconds * 1000),
      'scoring: events written by the close': written,
      'scoring: events/s (written ÷ time to caught up)': Math.round(written / seconds),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
