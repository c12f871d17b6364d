import { admitMember, ApiHarness, application, newSubject } from '../support/api-harness';

/**
 * One subject, one membership (M-ADM-7 as this product applies it), and one command at a time
 * per stream: both hold under concurrency, through the real HTTP app.
 */
describe('one subject, one membership; one command at a time per stream', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-ADM-7: 20 concurrent applications of one subject create exactly one member; the others are NOT_ELIGIBLE', async () => {
    const subject = newSubject();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.post('/members/applications', application({ subject, name: `Twin ${i}` }), 'recruiter'),
      ),
    );
    const created = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status !== 201);
    expect(created).toHaveLength(1);
    expect(refused.map((r) => r.body.code)).toEqual(Array(19).fill('NOT_ELIGIBLE'));
    expect(refused[0].contentType).toContain('application/problem+json');
    expect(refused[0].body.detail).toContain(created[0].body.id);
    expect(refused[0].text).not.toContain(subject);
    const list = await api.get(`/members?status=applied&minPosition=${created[0].body.position}`);
    expect(list.body.items.filter((m: { name: string }) => m.name.startsWith('Twin '))).toHaveLength(1);
  });

  it('M-ADM-7: an active member cannot apply again, and the refusal records nothing', async () => {
    const subject = newSubject();
    await admitMember(api, { subject });
    const head = await api.head();
    const again = await api.post('/members/applications', application({ subject }), 'recruiter');
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('NOT_ELIGIBLE');
    expect(await api.head()).toBe(head);
  });

  it('M-ADM-7: a rejected application frees the subject to apply again', async () => {
    const subject = newSubject();
    const first = await api.post('/members/applications', application({ subject }), 'recruiter');
    expect((await api.post('/members/applications', application({ subject }), 'recruiter')).body.code).toBe('NOT_ELIGIBLE');
    const failed = await api.post(
      `/members/${first.body.id}/initial-review`,
      { decision: 'fail', reason: 'incomplete' },
      'recruiter',
    );
    expect(failed.status).toBe(200);
    const second = await api.post('/members/applications', application({ subject }), 'recruiter');
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('M-ADM-7 / M-EXIT-1: after a voluntary exit the subject may apply again', async () => {
    const subject = newSubject();
    const { id } = await admitMember(api, { subject, startDate: '2026-10-08' });
    const notice = await api.post(`/members/${id}/exit-notices`, { exitDate: '2026-10-20' }, 'recruiter');
    expect(notice.status).toBe(200);
    await api.setClock('2026-10-20T08:00:00+08:00');
    const member = await api.get(`/members/${id}`);
    expect(member.body).toMatchObject({ status: 'exited', exitKind: 'voluntary' });
    const again = await api.post('/members/applications', application({ subject }), 'recruiter');
    expect(again.status).toBe(201);
  });

  it('50 concurrent payments on one member: 50 decided, none answered 409', async () => {
    const created = await api.post('/members/applications', application(), 'recruiter');
    const id = created.body.id;
    await api.post(`/members/${id}/initial-review`, { decision: 'pass', reason: 'ok' }, 'recruiter');
    await api.post(`/members/${id}/project-evaluation`, { decision: 'approve', reason: 'ok' }, 'admin');
    const signed = await api.post(
      `/members/${id}/agreement`,
      { startDate: '2026-11-02', feeFen: 50_000, depositFen: 0 },
      'recruiter',
    );
    expect(signed.status).toBe(200);
    const payments = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.post(`/members/${id}/payments`, { kind: 'fee', amountFen: 1_000, reference: `P-${i}` }, 'recruiter'),
      ),
    );
    expect(payments.map((r) => r.status)).toEqual(Array(50).fill(200));
    const last = Math.max(...payments.map((r) => r.body.position));
    const member = await api.get(`/members/${id}?minPosition=${last}`);
    expect(member.body.payments).toMatchObject({ feeDueFen: 0 });
    expect(member.body.revision).toBe(53);
  });
});
