import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@opc/eventstore';
import type { NewEvent } from '@opc/kernel';
import { ApiHarness } from '../support/api-harness';

/**
 * GET /admin/projections over HTTP: who may read it, what it shows of each projection, and a
 * rebuild's progress while it runs (done rising toward the head, a rate, an ETA), then the switch.
 */
const MEMBERS = 4_000;
const PER_MEMBER = 10;

const metadata = (commandId: string) => ({
  eventId: `${commandId}-e`,
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { id: 'seed', role: 'recruiter' },
  occurredAt: '2026-09-28T02:00:00.000Z',
  recordedAt: '2026-09-28T02:00:00.000Z',
  ruleSet: { id: 'membership', version: 1 },
});

/** An application and nine evidence items, as the W4 bench writes them. */
const memberEvents = (memberId: string): NewEvent[] => [
  {
    type: 'MembershipApplied.v1',
    data: {
      memberId,
      applicantType: 'opc',
      name: `Seeded ${memberId}`,
      subjectHash: memberId.padEnd(64, '0'),
      direction: 'ai-native-innovation',
      description: 'seeded',
      materials: [],
      attestations: { noDishonestyRecord: true, acceptsRules: true },
      initialReviewDue: { date: '2026-10-12', provisional: false },
    },
    metadata: metadata(`${memberId}-apply`),
  },
  ...Array.from({ length: PER_MEMBER - 1 }, (_, i) => ({
    type: 'EvidenceSubmitted.v1',
    data: {
      evidenceId: `${memberId}-${i}`,
      kind: 'project-report',
      fileRef: `files/${memberId}/${i}.pdf`,
      sha256: 'c'.repeat(64),
    },
    metadata: metadata(`${memberId}-evidence-${i}`),
  })),
];

describe('GET /admin/projections', () => {
  let api: ApiHarness;
  let head: number;

  beforeAll(async () => {
    // 40,000 events written before the API starts: a rebuild of `members` takes several pages.
    const dataDir = mkdtempSync(join(tmpdir(), 'opc-e2e-'));
    const file = join(dataDir, 'events.db');
    closeSync(openSync(file, 'a', 0o600));
    const events = new SqliteEventStore(file);
    for (let m = 0; m < MEMBERS; m += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const id = `seed-${m + i}`;
          return events.append(`member-${id}`, memberEvents(id), { expectedRevision: 'no-stream' });
        }),
      );
    head = await events.headPosition();
    await events.close();
    api = await ApiHarness.start({}, dataDir);
    await api.get(`/members?minPosition=${head}`);
    await api.get(`/deadlines?minPosition=${head}`);
  }, 120_000);
  afterAll(async () => {
    await api.stop();
  });

  it('is for admins only', async () => {
    expect((await api.get('/admin/projections')).status).toBe(200);
    for (const role of ['viewer', 'recruiter', 'officer'] as const) {
      const r = await api.get('/admin/projections', role);
      expect({ role, status: r.status, code: r.body.code }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
    }
    expect((await api.request('GET', '/admin/projections', { token: null })).status).toBe(401);
  });

  it('shows each projection: version, live generation, checkpoint, lag, no rebuild, no error', async () => {
    await api.get(`/members?minPosition=${head}`);
    const r = await api.get('/admin/projections');
    expect(r.body.headPosition).toBe(head);
    const names = r.body.items.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual([
      'appeals',
      'bans',
      'communities',
      'deadlines',
      'evaluations',
      'members',
      'requests',
      'rewards',
      'scoring',
    ]);
    for (const item of r.body.items) {
      expect(Object.keys(item).sort()).toEqual(['checkpoint', 'error', 'generation', 'lag', 'name', 'rebuilding', 'version']);
      expect(item).toMatchObject({ generation: 1, rebuilding: null, error: null });
      expect(item.version).toBeGreaterThanOrEqual(1);
      expect(item.lag).toBe(head - item.checkpoint);
    }
    expect(r.body.items.find((p: { name: string }) => p.name === 'members')).toMatchObject({ checkpoint: head, lag: 0 });
  });

  it('follows a rebuild: done rises toward the head with a rate and an ETA, then the new generation takes over', async () => {
    const list = async () => (await api.get(`/members?minPosition=${head}`)).body;
    const before = await list();
    const start = await api.request('POST', '/admin/projections/members/rebuild');
    expect(start.status).toBe(202);
    expect(start.body).toEqual({ name: 'members', generation: 2 });

    const seen: any[] = [];
    let members: any;
    for (let i = 0; i < 2_000; i++) {
      members = (await api.get('/admin/projections')).body.items.find((p: { name: string }) => p.name === 'members');
      if (members.rebuilding === null) break;
      seen.push(members.rebuilding);
      // The live generation keeps serving meanwhile.
      expect(members).toMatchObject({ generation: 1, checkpoint: head, lag: 0, error: null });
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(members).toMatchObject({ generation: 2, checkpoint: head, lag: 0, rebuilding: null, error: null });

    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) {
      expect(s).toMatchObject({ generation: 2, total: head, startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(s.done).toBeLessThanOrEqual(s.total);
    }
    const done = seen.map((s) => s.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    // Part way through: some done, a rate, and the time left at that rate.
    const midway = seen.find((s) => s.done > 0 && s.done < s.total && s.ratePerSecond !== null);
    expect(midway).toBeDefined();
    expect(midway.ratePerSecond).toBeGreaterThan(0);
    expect(midway.etaSeconds).toBe(Math.ceil((midway.total - midway.done) / midway.ratePerSecond));
    expect(await list()).toEqual(before);
  }, 60_000);
});
