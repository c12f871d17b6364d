import { ApiHarness, application } from '../support/api-harness';

describe('platform over HTTP: health, docs, restart, rebuild', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('GET /health reports the stores and every projection with its lag in events', async () => {
    const created = await api.post('/members/applications', application(), 'recruiter');
    await api.get(`/members/${created.body.id}?minPosition=${created.body.position}`);
    await api.get(`/deadlines?minPosition=${created.body.position}`);
    const health = await api.request('GET', '/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', eventStore: { kind: 'embedded' }, readStore: { kind: 'embedded' } });
    const byName = Object.fromEntries(health.body.projections.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual([
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
    expect(byName.members).toMatchObject({ position: created.body.position, lag: 0 });
  });

  it('OpenAPI is served at /docs (JSON at /docs-json) with the contract paths', async () => {
    const json = await api.request('GET', '/docs-json', { token: null });
    expect(json.status).toBe(200);
    for (const path of [
      '/members/applications',
      '/members/{id}/initial-review',
      '/members/{id}/project-evaluation',
      '/members/{id}',
      '/members/{id}/history',
      '/deadlines',
      '/health',
    ])
      expect(Object.keys(json.body.paths)).toContain(path);
    const html = await api.request('GET', '/docs', { token: null });
    expect(html.status).toBe(200);
    expect(html.contentType).toContain('text/html');
  });

  it('M-RULE-1: GET /admin/rulesets shows each rule set, its versions and the one in force (admin only)', async () => {
    const r = await api.get('/admin/rulesets');
    expect(r.status).toBe(200);
    const membership = r.body.items.find((i: { name: string }) => i.name === 'membership');
    expect(membership).toMatchObject({
      inForce: 1,
      versions: [{ version: 1, effectiveFrom: '2026-04-01', status: 'in-force', document: { id: 'membership', version: 1 } }],
    });
    expect(membership.versions[0].document).toMatchObject({
      term: { months: 12, renewalReminderDaysBefore: 30, exitBufferDays: 7 },
    });
    expect((await api.get('/admin/rulesets', 'viewer')).status).toBe(403);
  });

  it('?minPosition= beyond the head answers 503 NOT_CAUGHT_UP with Retry-After', async () => {
    const slow = await ApiHarness.start({ MIN_POSITION_WAIT_MS: '100' });
    try {
      const r = await slow.get('/members?minPosition=999999');
      expect(r.status).toBe(503);
      expect(r.body.code).toBe('NOT_CAUGHT_UP');
      expect(r.headers.get('retry-after')).toBe('1');
    } finally {
      await slow.stop();
    }
  });

  it('a restart keeps every acknowledged event, and commands continue at the right revision', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await api.post('/members/applications', application({ name: `Restart ${i}` }), 'recruiter')).body.id);
    const reviewed = await api.post(`/members/${ids[0]}/initial-review`, { decision: 'pass', reason: 'ok' }, 'recruiter');
    const head = await api.head();
    const historyBefore = await api.get(`/members/${ids[0]}/history`);

    api = await api.restart();
    expect(await api.head()).toBe(head);
    const historyAfter = await api.get(`/members/${ids[0]}/history`);
    expect(historyAfter.body).toEqual(historyBefore.body);
    for (const id of ids) {
      const m = await api.get(`/members/${id}?minPosition=${head}`);
      expect(m.status).toBe(200);
    }
    const evaluation = await api.post(`/members/${ids[0]}/project-evaluation`, { decision: 'approve', reason: 'ok' });
    expect(evaluation.body.revision).toBe(reviewed.body.revision + 1);
    expect(evaluation.body.position).toBe(head + 1);
  });

  it('a projection rebuilt beside the live one takes over with the same content', async () => {
    const list = async () => (await api.get(`/members?minPosition=${await api.head()}`)).body;
    const before = await list();
    const start = await api.request('POST', '/admin/projections/members/rebuild');
    expect(start.status).toBe(202);
    expect(start.body.name).toBe('members');
    let health: any;
    for (let i = 0; i < 100; i++) {
      health = (await api.request('GET', '/health', { token: null })).body.projections.find(
        (p: { name: string }) => p.name === 'members',
      );
      if (health.rebuilding === null && health.generation === start.body.generation) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(health).toMatchObject({ generation: start.body.generation, rebuilding: null, lag: 0 });
    expect(await list()).toEqual(before);
    const unknown = await api.request('POST', '/admin/projections/nope/rebuild');
    expect(unknown.status).toBe(404);
  });
});
