import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { disciplineSummary, foldDiscipline } from '@opc/membership/discipline/discipline.state';
import { foldMember } from '@opc/membership/member.state';
import { admitMember, ApiHarness, application, type Reply } from '../support/api-harness';

/**
 * `GET /dashboard/summary` over HTTP on the manual clock: the live figures equal a fold of the
 * events, stay the same after the read models are rebuilt, and the as-of summary of a past day
 * equals what the dashboard showed that day (M-ADM, M-PEN-9, M-SCORE-10, M-SVC-1, M-REW-4, C-CAT-1).
 */
const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};
const withoutMoment = (s: Record<string, unknown>) => {
  const { asOf: _asOf, ...rest } = s;
  return rest;
};

describe('dashboard summary over HTTP', () => {
  let api: ApiHarness;
  const m: string[] = [];
  let onTheDay: Record<string, unknown>;

  beforeAll(async () => {
    api = await ApiHarness.start();
    for (let i = 0; i < 4; i++) m.push((await admitMember(api, { name: `Member ${i}` })).id);
    ok(await api.post('/members/applications', application({ name: 'Applicant' }), 'recruiter'), 'applied');

    // 12 October: a fine, a complaint, a community registered.
    await api.setClock('2026-10-12T09:00:00+08:00');
    ok(
      await api.post(
        `/members/${m[0]}/violations`,
        {
          clause: 'M-PEN-4c',
          occurredAt: '2026-10-12T08:00:00+08:00',
          facts: 'flyers posted without approval',
          evidence: [],
          amountFen: 15_000,
        },
        'officer',
      ),
      'violation',
    );
    ok(
      await api.request('POST', `/members/${m[1]}/requests`, {
        token: api.token('member', { memberId: m[1] }),
        body: { kind: 'complaint', subject: 'noise', text: 'the meeting room next door is loud every afternoon' },
      }),
      'complaint',
    );
    const registered = ok(
      await api.post(
        '/communities',
        {
          name: 'Nansha OPC Hub',
          operator: 'Nansha Park Co.',
          areaM2: 3_200,
          basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true },
        },
        'admin',
      ),
      'community',
    );
    onTheDay = ok(await api.get(`/dashboard/summary?minPosition=${registered.position}`), 'summary on the day');

    // Later: the fine is paid, the complaint goes unanswered past 2 working days (a breach), a score.
    await api.setClock('2026-10-13T10:00:00+08:00');
    const fineId = (await api.get(`/members/${m[0]}/archive`)).body.discipline.fines[0].fineId;
    ok(
      await api.post(`/members/${m[0]}/payments`, { kind: 'fine', fineId, amountFen: 15_000, reference: 'BANK-1' }, 'recruiter'),
      'fine paid',
    );
    await api.setClock('2026-10-16T10:00:00+08:00');
  }, 60_000);
  afterAll(async () => {
    await api.stop();
  });

  it('M-ADM-1 / M-PEN-9 / M-SVC-1 / C-CAT-1: the figures on the day: members by status, the fine issued and owed, the open complaint, the community by category', () => {
    expect(onTheDay).toMatchObject({
      date: '2026-10-12',
      asOf: null,
      members: { total: 5, byStatus: { active: 4, applied: 1 }, unscored: 4, warningList: 0 },
      fines: { issuedFen: 15_000, paidFen: 0, outstandingFen: 15_000 },
      requests: { open: 1, breaches: { thisMonth: 0, thisQuarter: 0 } },
      communities: { total: 1, byCategory: { I: 1 }, valid: 0 },
    });
    const fines = onTheDay.fines as { byMonth: { month: string; issuedFen: number }[] };
    expect(fines.byMonth.at(-1)).toEqual({ month: '2026-10', issuedFen: 15_000, paidFen: 0 });
  });

  it('live figures equal a fold of the events (M-ADM, M-PEN-9, M-SVC-1)', async () => {
    const summary = ok(await api.get(`/dashboard/summary?minPosition=${await api.head()}`), 'summary');
    const store = api.service(EVENT_STORE as never) as unknown as EventStore;
    const all = await store.readAll();
    const streams = new Map<string, { type: string; data: unknown }[]>();
    for (const e of all) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
    const of = (prefix: string) => [...streams.entries()].filter(([id]) => id.startsWith(prefix)).map(([, es]) => es);

    const byStatus: Record<string, number> = {};
    for (const events of of('member-')) {
      const status = foldMember(events).status!;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
    for (const [status, n] of Object.entries(byStatus)) expect(summary.members.byStatus[status]).toBe(n);

    const records = of('discipline-').map((events) => disciplineSummary(foldDiscipline(events), '2026-10-16').fines);
    expect(summary.fines).toMatchObject({
      issuedFen: records.reduce((s, f) => s + f.issuedFen, 0),
      paidFen: records.reduce((s, f) => s + f.paidFen, 0),
      outstandingFen: records.reduce((s, f) => s + f.outstandingFen, 0),
    });

    const types = all.map((e) => e.type);
    const count = (t: string) => types.filter((x) => x === t).length;
    expect(summary.requests.open).toBe(count('RequestFiled.v1') - count('RequestResolved.v1'));
    const breaches = count('RequestResponseBreached.v1') + count('RequestResolutionBreached.v1');
    expect(breaches).toBeGreaterThan(0);
    expect(summary.requests.breaches.thisMonth).toBe(breaches);
    expect(summary.fines).toMatchObject({ paidFen: 15_000, outstandingFen: 0 });
  });

  it('M-PEN-9 / M-SVC-1: the same figures after the read models are rebuilt beside the live ones', async () => {
    const before = ok(await api.get(`/dashboard/summary?minPosition=${await api.head()}`), 'before');
    for (const name of ['members', 'deadlines', 'requests', 'communities'])
      ok(await api.post(`/admin/projections/${name}/rebuild`, {}, 'admin'), `rebuild ${name}`);
    const health = async () => (await api.get('/health')).body.projections as { name: string; rebuilding: unknown }[];
    for (let i = 0; i < 200 && (await health()).some((p) => p.rebuilding !== null); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await health()).every((p) => p.rebuilding === null)).toBe(true);
    const after = ok(await api.get('/dashboard/summary'), 'after');
    expect(after).toEqual(before);
  });

  it('M-APL-2: as of a past day: what the dashboard showed that day, from the events recorded by its end', async () => {
    const asOf = ok(await api.get('/dashboard/summary?asOf=2026-10-12'), 'as of');
    expect(asOf.asOf).toMatchObject({ date: '2026-10-12', recordedBy: '2026-10-12T15:59:59.999Z' });
    expect(withoutMoment(asOf)).toEqual(withoutMoment(onTheDay));
    // Before anyone applied: nothing.
    const empty = ok(await api.get('/dashboard/summary?asOf=2026-09-01'), 'empty');
    expect(empty).toMatchObject({ members: { total: 0 }, fines: { issuedFen: 0 }, communities: { total: 0 } });
    expect(empty.asOf.eventsFolded).toBe(0);
  });

  it('bad input is refused with VALIDATION_FAILED; members and experts do not read the dashboard', async () => {
    for (const bad of ['2026-13-01', 'yesterday', '2026-02-30']) {
      const r = await api.get(`/dashboard/summary?asOf=${bad}`);
      expect({ bad, status: r.status, code: r.body.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
      expect(r.contentType).toContain('application/problem+json');
    }
    for (const role of ['member', 'expert'] as const)
      expect((await api.get('/dashboard/summary', role)).body.code).toBe('FORBIDDEN');
  });
});
