import { admitMember, ApiHarness, application, type Reply } from '../support/api-harness';

/**
 * Service requests through the real HTTP app (M-SVC-1): a response within 2 working days and a
 * solution within 7, counted on the working-day calendar (the harness starts on 2026-09-29, just
 * before the National Day holiday); a due date passed unanswered is a breach the scheduler
 * records on the request, once.
 */
const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};

describe('service requests over HTTP (M-SVC-1)', () => {
  let api: ApiHarness;
  let lin: string;
  let chen: string;
  let applicant: string;
  let linToken: string;

  const asMember = (method: string, path: string, body?: unknown, token = linToken) =>
    api.request(method, path, { token, ...(body !== undefined ? { body } : {}) });
  /** A refusal: problem+json with the code, and nothing appended. */
  const refused = async (send: () => Promise<Reply>, status: number, code: string) => {
    const head = await api.head();
    const r = await send();
    expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
    expect(r.contentType).toContain('application/problem+json');
    expect(await api.head()).toBe(head);
    return r.body;
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    lin = (await admitMember(api, { name: 'Lin Studio' })).id;
    chen = (await admitMember(api, { name: 'Chen Works' })).id;
    applicant = ok(await api.post('/members/applications', application({ name: 'Wu Lab' }), 'recruiter'), 'apply').id;
    linToken = api.token('member', { sub: 'lin', memberId: lin });
  });
  afterAll(async () => {
    await api.stop();
  });

  it("M-SVC-1: a member files its own request (not another member's); an officer responds in time, then solves it", async () => {
    const filed = ok(
      await asMember('POST', `/members/${lin}/requests`, {
        kind: 'request',
        subject: 'Projector in meeting room B',
        text: 'The projector has not worked since Monday.',
      }),
      'file',
    );
    // Filed 29 September: 30 September and 8 October (1–7 October are the National Day holiday).
    expect(filed).toMatchObject({
      streamId: `request-${filed.id}`,
      revision: 0,
      responseDue: { date: '2026-10-08', provisional: false },
      resolutionDue: { date: '2026-10-14', provisional: false },
    });
    await refused(
      () => asMember('POST', `/members/${chen}/requests`, { kind: 'request', subject: 'x', text: 'y' }),
      403,
      'FORBIDDEN',
    );

    const deadlines = (await api.get(`/deadlines?minPosition=${filed.position}`)).body.items.filter(
      (d: { streamId: string }) => d.streamId === filed.streamId,
    );
    expect(deadlines.map((d: { kind: string; dueDate: string; rule: string }) => [d.kind, d.dueDate, d.rule])).toEqual([
      ['request-response', '2026-10-08', 'M-SVC-1'],
      ['request-resolution', '2026-10-14', 'M-SVC-1'],
    ]);

    const responded = ok(
      await api.post(`/requests/${filed.id}/response`, { text: 'A technician comes Wednesday.' }, 'officer'),
      'respond',
    );
    expect(responded).toMatchObject({ id: filed.id, revision: 1, late: false });
    const solved = ok(await api.post(`/requests/${filed.id}/resolution`, { text: 'Projector replaced.' }, 'officer'), 'resolve');
    expect(solved).toMatchObject({ revision: 2, late: false });

    const mine = (await asMember('GET', `/requests?minPosition=${solved.position}`)).body;
    expect(mine).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(mine.items[0]).toMatchObject({
      id: filed.id,
      memberId: lin,
      kind: 'request',
      status: 'resolved',
      filedDate: '2026-09-29',
      response: { date: '2026-09-29', late: false, withResolution: false },
      resolution: { date: '2026-09-29', late: false },
      breaches: [],
      breached: false,
    });
    const one = (await asMember('GET', `/requests/${filed.id}`)).body;
    expect(one.history.map((e: { type: string }) => e.type)).toEqual([
      'RequestFiled.v1',
      'RequestResponded.v1',
      'RequestResolved.v1',
    ]);
    expect(one.history[0].metadata.actor).toEqual({ id: 'lin', role: 'member' });
    expect(
      (await api.get(`/deadlines?minPosition=${solved.position}`)).body.items.filter(
        (d: { streamId: string }) => d.streamId === filed.streamId,
      ),
    ).toEqual([]);
    expect(
      (await api.get(`/members/${lin}/history`)).body.events.every((e: { type: string }) => !e.type.startsWith('Request')),
    ).toBe(true);

    // Closed: a second resolution or a response now is ILLEGAL_TRANSITION.
    await refused(() => api.post(`/requests/${filed.id}/resolution`, { text: 'again' }, 'officer'), 409, 'ILLEGAL_TRANSITION');
    await refused(() => api.post(`/requests/${filed.id}/response`, { text: 'again' }, 'admin'), 409, 'ILLEGAL_TRANSITION');
  });

  it('M-SVC-1: a complaint left unanswered: the scheduler records the breach once; a late response is still recorded, late', async () => {
    const filed = ok(
      await api.post(
        `/members/${chen}/requests`,
        { kind: 'complaint', subject: 'Noise', text: 'Loud calls in zone A.' },
        'recruiter',
      ),
      'file',
    );
    expect(filed.responseDue).toEqual({ date: '2026-10-08', provisional: false });

    // The end of 8 October passes with no response: at the start of the 9th the breach is recorded.
    await api.setClock('2026-10-09T09:00:00+08:00');
    const breached = (await api.get('/requests?breached=true')).body;
    expect(breached.items).toMatchObject([
      {
        id: filed.id,
        memberId: chen,
        status: 'open',
        breached: true,
        breaches: [{ kind: 'response', dueDate: '2026-10-08', breachedDate: '2026-10-09', rule: 'M-SVC-1' }],
      },
    ]);
    expect((await api.get('/requests?breached=false')).body.items.map((r: { id: string }) => r.id)).not.toContain(filed.id);
    const stream = (await api.get(`/requests/${filed.id}`)).body;
    expect(stream.history.map((e: { type: string }) => e.type)).toEqual(['RequestFiled.v1', 'RequestResponseBreached.v1']);
    expect(stream.history[1]).toMatchObject({
      data: { requestId: filed.id, dueDate: '2026-10-08', breachedDate: '2026-10-09', rule: 'M-SVC-1' },
      metadata: { actor: { id: 'scheduler', role: 'system' }, occurredAt: '2026-10-08T16:00:00.000Z' },
    });
    // It stays overdue (and no longer acts) until the response; the resolution is not due yet.
    const overdue = (await api.get('/deadlines?overdue=true')).body.items.filter(
      (d: { streamId: string }) => d.streamId === filed.streamId,
    );
    expect(overdue).toMatchObject([{ kind: 'request-response', dueDate: '2026-10-08', action: null, memberId: chen }]);

    // The scheduler again, later: recorded once.
    await api.setClock('2026-10-09T15:00:00+08:00');
    expect((await api.get(`/requests/${filed.id}`)).body.history).toHaveLength(2);

    const late = ok(
      await api.post(`/requests/${filed.id}/response`, { text: 'Sorry for the delay; we are on it.' }, 'officer'),
      'respond',
    );
    expect(late.late).toBe(true);
    const read = (await api.get(`/requests?memberId=${chen}&minPosition=${late.position}`)).body.items[0];
    expect(read).toMatchObject({ status: 'responded', response: { date: '2026-10-09', late: true }, breached: true });
    expect((await api.get(`/deadlines?kind=request-response&minPosition=${late.position}`)).body.items).toEqual([]);

    // The solution's due date (14 October) passes too: a second breach, of the resolution.
    await api.setClock('2026-10-15T09:00:00+08:00');
    const after = (await api.get(`/requests/${filed.id}`)).body;
    expect(after.breaches.map((b: { kind: string; dueDate: string }) => [b.kind, b.dueDate])).toEqual([
      ['response', '2026-10-08'],
      ['resolution', '2026-10-14'],
    ]);
    const solved = ok(await api.post(`/requests/${filed.id}/resolution`, { text: 'Quiet hours posted.' }, 'admin'), 'resolve');
    expect(solved.late).toBe(true);
    expect((await api.get(`/requests?status=resolved&breached=true&minPosition=${solved.position}`)).body.items).toMatchObject([
      { id: filed.id, resolution: { date: '2026-10-15', late: true } },
    ]);
  });

  it('M-SVC-1: bad input, an unknown member or request, a member not eligible, a wrong role: problem+json, nothing appended', async () => {
    const good = { kind: 'complaint', subject: 'Heating', text: 'Too cold in zone C.' };
    const post = (body: unknown, role: Parameters<ApiHarness['post']>[2] = 'officer', member = lin) =>
      api.post(`/members/${member}/requests`, body, role);
    await refused(() => post({ ...good, kind: 'suggestion' }), 400, 'VALIDATION_FAILED');
    await refused(() => post({ ...good, subject: '' }), 400, 'VALIDATION_FAILED');
    await refused(() => post({ ...good, subject: '   ' }), 400, 'VALIDATION_FAILED');
    await refused(() => post({ kind: 'request', subject: 'x' }), 400, 'VALIDATION_FAILED');
    await refused(() => post({ ...good, priority: 'high' }), 400, 'VALIDATION_FAILED');
    await refused(() => post({ ...good, occurredAt: '2099-01-01T00:00:00+08:00' }), 400, 'VALIDATION_FAILED');
    // Nothing about a member happened before it applied (29 September).
    await refused(() => post({ ...good, occurredAt: '2026-09-01T09:00:00+08:00' }), 422, 'OUT_OF_RANGE');
    await refused(() => post(good, 'officer', 'no-such-member'), 404, 'NOT_FOUND');
    const notEligible = await refused(() => post(good, 'officer', applicant), 422, 'NOT_ELIGIBLE');
    expect(notEligible.reasons).toEqual([
      'M-SVC-1: a request is filed for a member who is active or exiting; the member is applied',
    ]);
    for (const role of ['viewer', 'scorer', 'appeal-handler', 'expert'] as const)
      await refused(() => post(good, role), 403, 'FORBIDDEN');
    await refused(() => api.post('/requests/no-such-request/response', { text: 'ok' }, 'officer'), 404, 'NOT_FOUND');
    await refused(() => api.post('/requests/no-such-request/resolution', { text: 'ok' }, 'admin'), 404, 'NOT_FOUND');

    const filed = ok(await post(good), 'file');
    await refused(() => api.post(`/requests/${filed.id}/response`, { text: '' }, 'officer'), 400, 'VALIDATION_FAILED');
    await refused(() => api.post(`/requests/${filed.id}/response`, { text: 'ok' }, 'recruiter'), 403, 'FORBIDDEN');
    await refused(() => asMember('POST', `/requests/${filed.id}/resolution`, { text: 'fixed it myself' }), 403, 'FORBIDDEN');
    ok(await api.post(`/requests/${filed.id}/resolution`, { text: 'Heating repaired.' }, 'officer'), 'resolve');
    await refused(() => api.post(`/requests/${filed.id}/resolution`, { text: 'twice' }, 'officer'), 409, 'ILLEGAL_TRANSITION');

    // The same Idempotency-Key: the first reply again, nothing more recorded.
    const key = { 'idempotency-key': 'heating-2' };
    const first = ok(await api.post(`/members/${lin}/requests`, good, 'officer', key), 'keyed');
    const head = await api.head();
    expect(ok(await api.post(`/members/${lin}/requests`, good, 'officer', key), 'again')).toEqual(first);
    expect(await api.head()).toBe(head);
  });

  it('M-SVC-1: reads — a member sees only its own requests; staff filter by member and status, a page at a time', async () => {
    const chenToken = api.token('member', { sub: 'chen', memberId: chen });
    const chens = (await asMember('GET', '/requests', undefined, chenToken)).body;
    expect(chens.items.length).toBeGreaterThan(0);
    expect(chens.items.every((r: { memberId: string }) => r.memberId === chen)).toBe(true);
    await refused(() => asMember('GET', `/requests?memberId=${lin}`, undefined, chenToken), 403, 'FORBIDDEN');
    const linsRequest = (await api.get(`/requests?memberId=${lin}`, 'viewer')).body.items[0];
    await refused(() => asMember('GET', `/requests/${linsRequest.id}`, undefined, chenToken), 403, 'FORBIDDEN');
    await refused(() => api.get('/requests', 'expert'), 403, 'FORBIDDEN');
    await refused(() => api.get('/requests?status=closed'), 400, 'VALIDATION_FAILED');
    await refused(() => api.get('/requests?breached=yes'), 400, 'VALIDATION_FAILED');
    await refused(() => api.get('/requests/no-such-request', 'scorer'), 404, 'NOT_FOUND');

    const all = (await api.get('/requests', 'appeal-handler')).body;
    const paged = (await api.get('/requests?pageSize=1&page=2', 'recruiter')).body;
    expect(paged).toMatchObject({ total: all.total, page: 2, pageSize: 1, pages: all.total });
    expect(paged.items).toEqual([all.items[1]]);
    expect((await api.get(`/requests?status=open&memberId=${chen}`)).body.items).toEqual([]);
  });

  it("M-SVC-1 / M-ARC-1: the member's case timeline carries its requests, breaches included, in recorded order", async () => {
    const timeline = (await api.get(`/members/${chen}/timeline`, 'viewer')).body;
    const requests = timeline.events.filter((e: { kind: string }) => e.kind === 'request');
    expect(requests.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['RequestFiled.v1', 'RequestResponseBreached.v1', 'RequestResponded.v1']),
    );
    expect(requests.find((e: { type: string }) => e.type === 'RequestResponseBreached.v1').actor.id).toBe('scheduler');
    const positions = timeline.events.map((e: { position: number }) => e.position);
    expect(positions).toEqual([...positions].sort((x: number, y: number) => x - y));
  });
});
