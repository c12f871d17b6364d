import { admitMember, ApiHarness, type Reply } from '../support/api-harness';

/**
 * Rewards through the real HTTP app (M-REW-1..4): eligibility from the record, amounts inside
 * their ranges, publicity, objections through the appeal flow, delivery within 10 working days.
 */
const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};
const evidence = [{ kind: 'certificate', fileRef: 'files/award.pdf', sha256: 'a'.repeat(64) }];
const SERVICE_DATES = [
  '2026-10-10',
  '2026-11-05',
  '2026-11-20',
  '2026-12-03',
  '2027-01-15',
  '2027-02-01',
  '2027-02-20',
  '2027-03-10',
];

describe('rewards over HTTP', () => {
  let api: ApiHarness;
  let veteran: string;
  let withViolation: string;
  let fewServices: string;

  const volunteer = async (id: string, dates: string[]) => {
    for (const date of dates)
      ok(await api.post(`/members/${id}/volunteer-services`, { date, activity: 'mentoring newcomers' }, 'officer'), date);
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    veteran = (await admitMember(api)).id;
    withViolation = (await admitMember(api)).id;
    fewServices = (await admitMember(api)).id;
    await api.setClock('2027-03-20T09:00:00+08:00');
    await volunteer(veteran, SERVICE_DATES);
    await volunteer(withViolation, SERVICE_DATES);
    await volunteer(fewServices, SERVICE_DATES.slice(1));
    ok(
      await api.post(
        `/members/${withViolation}/violations`,
        { clause: 'M-PEN-2b', occurredAt: '2027-03-01T10:00:00+08:00', facts: 'litter', evidence: [] },
        'officer',
      ),
      'violation',
    );
    await api.setClock('2027-04-01T09:00:00+08:00');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-REW-1 / M-REW-4: compliance excellence — eligible from the record, publicised 3 working days, delivered within 10', async () => {
    const granted = ok(
      await api.post(`/members/${veteran}/rewards`, { clause: 'M-REW-1', option: 'compute-voucher', evidence }, 'officer'),
      'grant',
    );
    expect(granted).toMatchObject({
      clause: 'M-REW-1',
      option: 'compute-voucher',
      amountFen: 50_000,
      publicityEndsDate: '2027-04-06',
      deliveryDue: { date: '2027-04-20' },
    });
    const reward = (await api.get(`/rewards/${granted.id}?minPosition=${granted.position}`)).body;
    expect(reward).toMatchObject({ status: 'publicity', eligibility: { volunteerServicesInYear: 8 } });
    expect((await api.get('/deadlines?kind=reward-delivery')).body.items).toMatchObject([
      { memberId: veteran, dueDate: '2027-04-20' },
    ]);
    const early = await api.post(`/rewards/${granted.id}/delivery`, { reference: 'V-1' }, 'officer');
    expect(early.body).toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    await api.setClock('2027-04-07T09:00:00+08:00');
    const delivered = ok(await api.post(`/rewards/${granted.id}/delivery`, { reference: 'V-1' }, 'officer'), 'delivery');
    expect((await api.get(`/rewards/${granted.id}?minPosition=${delivered.position}`)).body).toMatchObject({
      status: 'delivered',
      deliveredDate: '2027-04-07',
    });
    expect((await api.get(`/deadlines?kind=reward-delivery&minPosition=${delivered.position}`)).body.items).toEqual([]);
    expect((await api.post(`/rewards/${granted.id}/delivery`, {}, 'officer')).body.code).toBe('ILLEGAL_TRANSITION');
    const archive = (await api.get(`/members/${veteran}/archive`)).body;
    expect(archive.rewards).toMatchObject([{ id: granted.id, status: 'delivered' }]);
    expect(archive.volunteerServices).toHaveLength(8);
  });

  it('M-REW-1: each condition failing alone is NOT_ELIGIBLE, naming it; the option must be one of the two', async () => {
    const head = await api.head();
    const refused = async (id: string) =>
      (await api.post(`/members/${id}/rewards`, { clause: 'M-REW-1', option: 'roadshow-hall', evidence }, 'officer')).body;
    const violation = await refused(withViolation);
    expect(violation).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect(violation.reasons).toEqual([expect.stringMatching(/^M-REW-1: 1 violation\(s\) in the last 6 months/)]);
    const services = await refused(fewServices);
    expect(services.reasons).toEqual(['M-REW-1: 7 volunteer service(s) in the last 12 months, 8 required']);
    const newcomer = (await admitMember(api)).id;
    const head2 = await api.head();
    // Onboarded today (2027-04-07): eight services since, so only the residence fails.
    await volunteer(
      newcomer,
      Array.from({ length: 8 }, () => '2027-04-07'),
    );
    const resident = await refused(newcomer);
    expect(resident.reasons).toEqual([expect.stringMatching(/^M-REW-1: resident for 6 months is required/)]);
    // Services dated before the membership are not a member's services: they do not count.
    const early = (await admitMember(api)).id;
    await volunteer(early, SERVICE_DATES);
    expect((await refused(early)).reasons).toContain('M-REW-1: 0 volunteer service(s) in the last 12 months, 8 required');
    const bad = await api.post(`/members/${veteran}/rewards`, { clause: 'M-REW-1', option: 'cash', evidence }, 'officer');
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(head2).toBeGreaterThan(head);
  });

  it('M-REW-2 / M-REW-3: amounts inside their ranges (OUT_OF_RANGE one fen outside); rewards stack', async () => {
    const post = (body: Record<string, unknown>) => api.post(`/members/${veteran}/rewards`, { ...body, evidence }, 'officer');
    const head = await api.head();
    expect((await post({ clause: 'M-REW-2', option: 'municipal', amountFen: 99_999 })).body).toMatchObject({
      code: 'OUT_OF_RANGE',
      min: 100_000,
      max: 300_000,
    });
    expect((await post({ clause: 'M-REW-2', option: 'provincial-or-higher', amountFen: 1_000_001 })).body.code).toBe(
      'OUT_OF_RANGE',
    );
    expect((await post({ clause: 'M-REW-2', option: 'municipal' })).body.code).toBe('CONDITIONS_NOT_MET');
    expect((await post({ clause: 'M-REW-3', option: 'cash', amountFen: 9_999 })).body.code).toBe('OUT_OF_RANGE');
    expect((await post({ clause: 'M-REW-3', option: 'cash', amountFen: -1 })).body.code).toBe('VALIDATION_FAILED');
    expect((await post({ clause: 'M-REW-9' })).body.code).toBe('VALIDATION_FAILED');
    // M-REW-4: verified before it is publicised — an award without its certificate is refused.
    const unverified = await api.post(
      `/members/${veteran}/rewards`,
      { clause: 'M-REW-2', option: 'municipal', amountFen: 200_000, evidence: [] },
      'officer',
    );
    expect(unverified.body).toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    expect(await api.head()).toBe(head);
    const innovation = ok(await post({ clause: 'M-REW-2', option: 'municipal', amountFen: 300_000 }), 'innovation');
    const resources = ok(await post({ clause: 'M-REW-3', option: 'resources' }), 'resources');
    expect([innovation.amountFen, resources.amountFen]).toEqual([300_000, null]);
    const mine = (await api.get(`/rewards?minPosition=${resources.position}`)).body.items.filter(
      (r: { memberId: string }) => r.memberId === veteran,
    );
    expect(mine).toHaveLength(3);
  });

  it('M-REW-4 / M-APL-1: an objection during publicity holds the delivery; upheld, the reward is withdrawn', async () => {
    const granted = ok(
      await api.post(
        `/members/${veteran}/rewards`,
        { clause: 'M-REW-3', option: 'cash', amountFen: 20_000, evidence },
        'officer',
      ),
      'grant',
    );
    const objection = ok(
      await api.post(`/members/${veteran}/appeals`, { decisionEventId: granted.eventId, grounds: 'ineligible' }, 'officer'),
      'objection',
    );
    await api.setClock('2027-04-13T09:00:00+08:00');
    const held = await api.post(`/rewards/${granted.id}/delivery`, {}, 'officer');
    expect(held.body.reasons).toEqual([`M-REW-4: the objection ${objection.id} is not answered yet`]);
    const upheld = ok(
      await api.post(`/appeals/${objection.id}/decision`, { upheld: true, reason: 'not a contribution' }, 'appeal-handler'),
      'upheld',
    );
    expect((await api.get(`/rewards/${granted.id}?minPosition=${upheld.position}`)).body).toMatchObject({
      status: 'withdrawn',
      withdrawn: { appealId: objection.id },
    });
    expect((await api.post(`/rewards/${granted.id}/delivery`, {}, 'officer')).body.code).toBe('ILLEGAL_TRANSITION');
  });
});
