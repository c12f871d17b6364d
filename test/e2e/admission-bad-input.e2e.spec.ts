import { ApiHarness, application } from '../support/api-harness';

/**
 * Bad input is answered with the error table's code and status (docs/errors.md) as application/problem+json, and appends
 * nothing: the event store's head position is the same before and after.
 */
describe('admission: bad input and wrong callers append nothing', () => {
  let api: ApiHarness;
  let memberId: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    const r = await api.post('/members/applications', application(), 'recruiter');
    memberId = r.body.id;
  });
  afterAll(async () => {
    await api.stop();
  });

  const expectProblem = async (
    send: () => Promise<{ status: number; contentType: string; body: any }>,
    status: number,
    code: string,
  ) => {
    const head = await api.head();
    const r = await send();
    expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
    expect(r.contentType).toContain('application/problem+json');
    expect(r.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
    expect(await api.head()).toBe(head);
    return r.body;
  };

  it('VALIDATION_FAILED: an unknown field is refused (M-ADM-4 form)', async () => {
    const p = await expectProblem(
      () => api.post('/members/applications', { ...application(), nickname: 'x' }, 'recruiter'),
      400,
      'VALIDATION_FAILED',
    );
    expect(p.detail).toContain('nickname');
  });

  it('VALIDATION_FAILED: a wrong type is refused', async () => {
    await expectProblem(
      () => api.post('/members/applications', application({ materials: 'none' }), 'recruiter'),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      () =>
        api.post(
          '/members/applications',
          application({ attestations: { noDishonestyRecord: 'yes', acceptsRules: true } }),
          'recruiter',
        ),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      () => api.post(`/members/${memberId}/initial-review`, { decision: 'maybe', reason: 'x' }, 'recruiter'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('VALIDATION_FAILED: a bad sha256 or an unknown nested field is refused', async () => {
    await expectProblem(
      () =>
        api.post('/members/applications', application({ materials: [{ kind: 'id', fileRef: 'f', sha256: 'xyz' }] }), 'recruiter'),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      () =>
        api.post(
          '/members/applications',
          application({ materials: [{ kind: 'id', fileRef: 'f', sha256: 'a'.repeat(64), size: 3 }] }),
          'recruiter',
        ),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('VALIDATION_FAILED: malformed JSON is refused', async () => {
    await expectProblem(
      () => api.request('POST', '/members/applications', { role: 'recruiter', rawBody: '{"name": "Lin", ' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('VALIDATION_FAILED: a bad date, and occurredAt in the future, are refused', async () => {
    await expectProblem(
      () =>
        api.post(`/members/${memberId}/initial-review`, { decision: 'pass', reason: 'x', occurredAt: '29/09/2026' }, 'recruiter'),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      () =>
        api.post(
          `/members/${memberId}/initial-review`,
          { decision: 'pass', reason: 'x', occurredAt: '2030-01-01T00:00:00+08:00' },
          'recruiter',
        ),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(() => api.get(`/members/${memberId}?asOf=yesterday`), 400, 'VALIDATION_FAILED');
    await expectProblem(() => api.get(`/members/${memberId}?asOf=2026-09-29&atRevision=0`), 400, 'VALIDATION_FAILED');
  });

  it('M-ADM-7: a malformed subject is refused without echoing it', async () => {
    const p = await expectProblem(
      () => api.post('/members/applications', application({ subject: 'ABC-SECRET-123' }), 'recruiter'),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(p)).not.toContain('SECRET');
  });

  it('UNAUTHENTICATED: no token, or a token signed with another secret', async () => {
    await expectProblem(
      () => api.request('POST', '/members/applications', { token: null, body: application() }),
      401,
      'UNAUTHENTICATED',
    );
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiYWRtaW4iXX0.Zm9yZ2VkLXNpZ25hdHVyZS1ub3QtdmFsaWQtYXQtYWxs';
    await expectProblem(
      () => api.request('POST', '/members/applications', { token: forged, body: application() }),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(() => api.request('GET', `/members/${memberId}`, { token: null }), 401, 'UNAUTHENTICATED');
  });

  it('FORBIDDEN: roles per docs/roles.md (a viewer cannot apply; project evaluation is admin only)', async () => {
    await expectProblem(() => api.post('/members/applications', application(), 'viewer'), 403, 'FORBIDDEN');
    await expectProblem(() => api.post('/members/applications', application(), 'officer'), 403, 'FORBIDDEN');
    await expectProblem(
      () => api.post(`/members/${memberId}/project-evaluation`, { decision: 'approve', reason: 'x' }, 'recruiter'),
      403,
      'FORBIDDEN',
    );
    await expectProblem(() => api.post('/admin/clock', { now: '2026-09-29T10:00:00+08:00' }, 'recruiter'), 403, 'FORBIDDEN');
  });

  it('FORBIDDEN: a member reads only its own records; lists show it only its own', async () => {
    const own = api.token('member', { sub: 'lin', memberId });
    const mine = await api.request('GET', `/members/${memberId}`, { token: own });
    expect(mine.status).toBe(200);
    const other = await api.post('/members/applications', application({ name: 'Other' }), 'recruiter');
    await expectProblem(() => api.request('GET', `/members/${other.body.id}`, { token: own }), 403, 'FORBIDDEN');
    // Lists answer a member with its own records only.
    const list = await api.request('GET', `/members?minPosition=${other.body.position}`, { token: own });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([memberId]);
    expect(list.body.total).toBe(1);
    const deadlines = await api.request('GET', `/deadlines?minPosition=${other.body.position}`, { token: own });
    expect(deadlines.status).toBe(200);
    expect(deadlines.body.items.map((d: { streamId: string }) => d.streamId)).toEqual([`member-${memberId}`]);
    const staff = await api.get(`/deadlines?minPosition=${other.body.position}`, 'viewer');
    expect(staff.body.items.length).toBeGreaterThan(1);
    // A member token without a memberId claim is refused on lists too.
    await expectProblem(
      () => api.request('GET', '/members', { token: api.token('member', { sub: 'nobody' }) }),
      403,
      'FORBIDDEN',
    );
  });

  it('ILLEGAL_TRANSITION: project evaluation before the initial review (M-ADM-5)', async () => {
    const p = await expectProblem(
      () => api.post(`/members/${memberId}/project-evaluation`, { decision: 'approve', reason: 'x' }, 'admin'),
      409,
      'ILLEGAL_TRANSITION',
    );
    expect(p.currentStatus).toBe('applied');
  });

  it('NOT_ELIGIBLE: a direction outside policy (M-ADM-2) or a missing attestation (M-ADM-3)', async () => {
    const p = await expectProblem(
      () => api.post('/members/applications', application({ direction: 'real-estate' }), 'recruiter'),
      422,
      'NOT_ELIGIBLE',
    );
    expect(p.reasons[0]).toContain('M-ADM-2');
    await expectProblem(
      () =>
        api.post(
          '/members/applications',
          application({ attestations: { noDishonestyRecord: false, acceptsRules: true } }),
          'recruiter',
        ),
      422,
      'NOT_ELIGIBLE',
    );
  });

  it('NOT_FOUND: a member that does not exist, and an unknown route', async () => {
    await expectProblem(
      () =>
        api.post('/members/00000000-0000-7000-8000-000000000000/initial-review', { decision: 'pass', reason: 'x' }, 'recruiter'),
      404,
      'NOT_FOUND',
    );
    await expectProblem(() => api.get('/members/00000000-0000-7000-8000-000000000000'), 404, 'NOT_FOUND');
    await expectProblem(() => api.get('/no-such-route'), 404, 'NOT_FOUND');
  });

  it('Idempotency-Key: a repeat answers the first reply and appends nothing; another body is refused', async () => {
    const key = { 'idempotency-key': 'apply-lin-001' };
    const body = application({ name: 'Idem' });
    const first = await api.post('/members/applications', body, 'recruiter', key);
    expect(first.status).toBe(201);
    const head = await api.head();
    const again = await api.post('/members/applications', body, 'recruiter', key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await api.head()).toBe(head);
    await expectProblem(
      () => api.post('/members/applications', { ...body, name: 'Changed' }, 'recruiter', key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );

    const reviewKey = { 'idempotency-key': 'review-idem-1' };
    const review = await api.post(
      `/members/${first.body.id}/initial-review`,
      { decision: 'pass', reason: 'ok' },
      'recruiter',
      reviewKey,
    );
    expect(review.status).toBe(200);
    // The state has moved on (reviewed), yet the repeat still answers the first reply rather than ILLEGAL_TRANSITION.
    const reviewAgain = await api.post(
      `/members/${first.body.id}/initial-review`,
      { decision: 'pass', reason: 'ok' },
      'recruiter',
      reviewKey,
    );
    expect(reviewAgain.status).toBe(200);
    expect(reviewAgain.body).toEqual(review.body);
  });

  it('CONDITIONS_NOT_MET: the clock cannot be moved backwards (OUT_OF_RANGE) or without CLOCK=manual', async () => {
    await expectProblem(() => api.post('/admin/clock', { now: '2020-01-01T00:00:00Z' }), 422, 'OUT_OF_RANGE');
    const system = await ApiHarness.start({ CLOCK: 'system' });
    try {
      const r = await system.post('/admin/clock', { now: '2030-01-01T00:00:00Z' });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('CONDITIONS_NOT_MET');
    } finally {
      await system.stop();
    }
  });
});
