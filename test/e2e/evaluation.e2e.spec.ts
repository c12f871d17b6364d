import type { Role } from '@opc/platform';
import { ApiHarness, type Reply } from '../support/api-harness';

/**
 * Community evaluation through the real HTTP app on the manual clock (C-CAT-1 … C-VALID-2):
 * registration → evidence → three experts (assigned, declared) → sheets → publicity →
 * publication → a re-evaluation that replaces the result → the lapse after a year → a third
 * evaluation revoked for fraud; as-of reads; and bad input that appends nothing.
 */
const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};

const ALL_CONDITIONS = { legalPerson: true, safetyManagementSystem: true, networkFacilities: true };

describe('community evaluation over HTTP', () => {
  let api: ApiHarness;
  let hub: string;
  let first: string;
  let second: string;
  /** The shipped catalogue's indicators, in order, with their maximum points (from the checklist). */
  let indicators: { id: string; maxPoints: number }[];

  const expert = (sub: string) => api.token('expert', { sub });
  const asExpert = (sub: string, method: string, path: string, body?: unknown) =>
    api.request(method, path, { token: expert(sub), body });

  /** Points for the indicators in catalogue order, each filled to its maximum until `points` are given. */
  const filled = (points: number): Record<string, number> => {
    const out: Record<string, number> = {};
    let left = Math.round(points * 100);
    for (const i of indicators) {
      if (left <= 0) break;
      const given = Math.min(left, Math.round(i.maxPoints * 100));
      out[i.id] = given / 100;
      left -= given;
    }
    return out;
  };

  /** An expert on the panel: assigned by the admin, then declared by itself. */
  const seat = async (evaluation: string, sub: string) => {
    ok(await api.post(`/evaluations/${evaluation}/experts`, { expertId: sub }), `assign ${sub}`);
    ok(
      await asExpert(sub, 'POST', `/evaluations/${evaluation}/experts/${sub}/declaration`, { noConflictOfInterest: true }),
      `declare ${sub}`,
    );
  };

  /** Evidence for every indicator and the bonus items named. */
  const evidenceAll = async (evaluation: string, bonus: string[] = []) => {
    for (const id of [...indicators.map((i) => i.id), ...bonus])
      ok(
        await api.post(`/evaluations/${evaluation}/evidence`, {
          indicator: id,
          fileRef: `files/${evaluation}/${id}.pdf`,
          sha256: 'a'.repeat(64),
        }),
        `evidence ${id}`,
      );
  };

  /** A whole evaluation up to publicity: opened, evidence, three experts scoring `points` each. */
  const throughPublicity = async (community: string, points: number[]) => {
    const opened = ok(await api.post(`/communities/${community}/evaluations`, {}), 'open');
    await evidenceAll(opened.id);
    const subs = ['expert-a', 'expert-b', 'expert-c'];
    for (const sub of subs) await seat(opened.id, sub);
    for (const [i, sub] of subs.entries())
      ok(
        await asExpert(sub, 'POST', `/evaluations/${opened.id}/expert-scores`, { expertId: sub, scores: filled(points[i]) }),
        `sheet ${sub}`,
      );
    return { id: opened.id as string, publicity: ok(await api.post(`/evaluations/${opened.id}/publicity`, {}), 'publicity') };
  };

  /** A request that must be refused with `code` and append nothing. */
  const refused = async (code: string, send: () => Promise<Reply>) => {
    const before = await api.head();
    const r = await send();
    expect({ status: r.status, code: r.body?.code, type: r.contentType }).toEqual({
      status: expect.any(Number),
      code,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(await api.head()).toBe(before);
    return r.body;
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.setClock('2027-03-01T09:00:00+08:00'); // a Monday
  });
  afterAll(async () => {
    await api.stop();
  });

  it('C-CAT-1 / C-BASIC-1: a community is registered with its area and conditions; its category follows the area', async () => {
    const r = await api.post('/communities', {
      name: 'Liangjiang OPC Hub',
      operator: 'Liangjiang Park Co.',
      areaM2: 2999,
      basicConditions: ALL_CONDITIONS,
    });
    expect(r.status).toBe(201);
    hub = r.body.id;
    expect(r.body).toMatchObject({ streamId: `community-${hub}`, revision: 0 });
    expect((await api.get(`/communities/${hub}`, 'viewer')).body).toMatchObject({ category: 'II', status: 'none', grade: null });
    const grown = ok(await api.post(`/communities/${hub}/area`, { areaM2: 3200, reason: 'second floor opened' }), 'area');
    expect((await api.get(`/communities/${hub}`)).body).toMatchObject({ areaM2: 3200, category: 'I', revision: grown.revision });
  });

  it('C-CAT-1 / C-BASIC-1: an ineligible community cannot be evaluated; NOT_ELIGIBLE names each failing condition and appends nothing', async () => {
    const small = ok(
      await api.post('/communities', {
        name: 'Nan’an Studio',
        operator: 'Nan’an Co.',
        areaM2: 999,
        basicConditions: ALL_CONDITIONS,
      }),
      'small',
    );
    const body = await refused('NOT_ELIGIBLE', () => api.post(`/communities/${small.id}/evaluations`, {}));
    expect(body.reasons).toEqual([
      'C-CAT-1/C-BASIC-1 areaThreshold: an operating area of 999 m² is below the 1000 m² of category II',
    ]);
    const unsafe = ok(
      await api.post('/communities', {
        name: 'Yuzhong Hub',
        operator: 'Yuzhong Co.',
        areaM2: 1500,
        basicConditions: { legalPerson: false, networkFacilities: true },
      }),
      'unsafe',
    );
    expect((await refused('NOT_ELIGIBLE', () => api.post(`/communities/${unsafe.id}/evaluations`, {}))).reasons).toEqual([
      'C-BASIC-1 legalPerson: legal-person status (法人资格) is not met',
      'C-BASIC-1 safetyManagementSystem: a safety management system (安全管理制度) is not met',
    ]);
    // Conditions stated again: now it is eligible.
    ok(
      await api.post(`/communities/${unsafe.id}/basic-conditions`, {
        basicConditions: { legalPerson: true, safetyManagementSystem: true },
        reason: 'licence issued',
      }),
      'conditions',
    );
    expect((await api.post(`/communities/${unsafe.id}/evaluations`, {})).status).toBe(201);
  });

  it('C-FLOW-1 / C-EVID-1: opened under catalogue version 1; the checklist shows evidence present and missing; an unknown indicator appends nothing', async () => {
    const opened = await api.post(`/communities/${hub}/evaluations`, {});
    expect(opened.status).toBe(201);
    first = opened.body.id;
    expect(opened.body).toMatchObject({
      streamId: `evaluation-${first}`,
      category: 'I',
      catalogue: { id: 'evaluation', version: 1 },
    });
    const empty = (await api.get(`/evaluations/${first}/checklist`)).body;
    expect(empty.counts).toEqual({ items: 28, present: 0, missing: 28 });
    indicators = empty.items.filter((i: { kind: string }) => i.kind === 'indicator');
    expect(indicators).toHaveLength(24);
    expect(empty.items.find((i: { id: string }) => i.id === 'order-conversion-amount')).toMatchObject({
      nameZh: '订单转化额',
      dimension: 'results-transformation',
      maxPoints: 3,
      placeholder: false,
      present: false,
    });

    await refused('VALIDATION_FAILED', () =>
      api.post(`/evaluations/${first}/evidence`, {
        indicator: 'canteen-quality',
        fileRef: 'files/x.pdf',
        sha256: 'b'.repeat(64),
      }),
    );
    await evidenceAll(first, ['bonus-1', 'bonus-2']);
    const checklist = (await api.get(`/evaluations/${first}/checklist`)).body;
    expect(checklist.missing).toEqual(['bonus-3', 'bonus-4']);
    expect(checklist.counts).toEqual({ items: 28, present: 26, missing: 2 });
  });

  it('C-FLOW-1: experts are assigned by the admin and declare themselves; without a declaration an expert cannot score', async () => {
    for (const sub of ['expert-a', 'expert-b', 'expert-c'])
      ok(await api.post(`/evaluations/${first}/experts`, { expertId: sub }), `assign ${sub}`);
    const undeclared = await refused('CONDITIONS_NOT_MET', () =>
      asExpert('expert-c', 'POST', `/evaluations/${first}/expert-scores`, { expertId: 'expert-c', scores: filled(90) }),
    );
    expect(undeclared.reasons).toEqual(['C-FLOW-1: the expert must first declare that it has no conflict of interest']);
    // Only the expert itself declares: not another expert, not the admin.
    await refused('FORBIDDEN', () =>
      asExpert('expert-b', 'POST', `/evaluations/${first}/experts/expert-a/declaration`, { noConflictOfInterest: true }),
    );
    await refused('FORBIDDEN', () =>
      api.post(`/evaluations/${first}/experts/expert-a/declaration`, { noConflictOfInterest: true }),
    );
    for (const sub of ['expert-a', 'expert-b', 'expert-c'])
      expect(
        (await asExpert(sub, 'POST', `/evaluations/${first}/experts/${sub}/declaration`, { noConflictOfInterest: true })).status,
      ).toBe(200);
  });

  it('C-SCORE-1: each expert submits its own sheet; a point above the maximum is OUT_OF_RANGE; another expert’s id is FORBIDDEN', async () => {
    const over = await refused('OUT_OF_RANGE', () =>
      asExpert('expert-a', 'POST', `/evaluations/${first}/expert-scores`, {
        expertId: 'expert-a',
        scores: { 'compute-subsidies': 5.5 },
      }),
    );
    expect(over).toMatchObject({ field: 'scores.compute-subsidies', max: 5, rule: 'C-SCORE-1' });
    await refused('VALIDATION_FAILED', () =>
      asExpert('expert-a', 'POST', `/evaluations/${first}/expert-scores`, {
        expertId: 'expert-a',
        scores: { 'canteen-quality': 1 },
      }),
    );
    await refused('FORBIDDEN', () =>
      asExpert('expert-b', 'POST', `/evaluations/${first}/expert-scores`, { expertId: 'expert-a', scores: filled(10) }),
    );
    await refused('FORBIDDEN', () =>
      api.post(`/evaluations/${first}/expert-scores`, { expertId: 'expert-a', scores: filled(10) }),
    );
    // 92 + 5, 95 + 3, 90 + 10 (bonus-1 and bonus-2 have evidence).
    const sheets: [string, number, Record<string, number>][] = [
      ['expert-a', 92, { 'bonus-1': 5 }],
      ['expert-b', 95, { 'bonus-2': 3 }],
      ['expert-c', 90, { 'bonus-1': 5, 'bonus-2': 5 }],
    ];
    for (const [sub, points, bonus] of sheets)
      expect(
        (await asExpert(sub, 'POST', `/evaluations/${first}/expert-scores`, { expertId: sub, scores: filled(points), bonus }))
          .status,
      ).toBe(201);
  });

  it('C-FLOW-1: until the panel closes an expert reads only its own sheet; staff read every sheet', async () => {
    const own = (await asExpert('expert-a', 'GET', `/evaluations/${first}`)).body;
    expect(own.sheets.map((s: { expertId: string }) => s.expertId)).toEqual(['expert-a']);
    expect(own.sheets[0].counted).toMatchObject({ base: 92, bonus: 5, total: 97, zeroedForNoEvidence: [] });
    expect((await asExpert('expert-a', 'GET', `/evaluations/${first}/expert-scores/expert-a`)).status).toBe(200);
    await refused('FORBIDDEN', () => asExpert('expert-a', 'GET', `/evaluations/${first}/expert-scores/expert-b`));
    // An expert not on the panel reads nothing of it; nor may an expert read the history (every sheet is in it).
    await refused('FORBIDDEN', () => asExpert('expert-z', 'GET', `/evaluations/${first}`));
    await refused('FORBIDDEN', () => asExpert('expert-a', 'GET', `/evaluations/${first}/history`));
    const all = (await api.get(`/evaluations/${first}`, 'viewer')).body;
    expect(all.sheets.map((s: { expertId: string }) => s.expertId)).toEqual(['expert-a', 'expert-b', 'expert-c']);
    expect(all.panel).toBeNull();
  });

  it('C-FLOW-1 / C-GRADE-1 / C-RES-1: publicity closes the panel (mean 98.33…: leading) and runs 3 working days; publication before its end appends nothing', async () => {
    await api.setClock('2027-03-05T10:00:00+08:00'); // a Friday
    const publicity = ok(await api.post(`/evaluations/${first}/publicity`, {}), 'publicity');
    expect(publicity).toMatchObject({
      publicity: { endsDate: '2027-03-10', publicationFrom: '2027-03-11', provisional: true },
      resultText: 'I类引领型 OPC 社区',
      outcome: 'graded',
      grade: 'leading',
    });
    const view = (await api.get(`/evaluations/${first}`)).body;
    expect(view.panel).toMatchObject({
      method: 'mean',
      base: { points: 92.33, exact: '277/3' },
      bonus: { points: 6, exact: '6' },
      total: { points: 98.33, exact: '295/3' },
      withoutEvidence: ['bonus-3', 'bonus-4'],
      outcome: 'graded',
      grade: 'leading',
    });
    expect(view.panel.byDimension.map((d: { nameZh: string; weight: number }) => [d.nameZh, d.weight])).toEqual([
      ['人才集聚', 10],
      ['主体发展', 25],
      ['集成服务', 23],
      ['场景对接', 32],
      ['成果转化', 10],
    ]);
    // Closed: an expert now reads every sheet; no more sheets.
    expect((await asExpert('expert-a', 'GET', `/evaluations/${first}/expert-scores/expert-b`)).status).toBe(200);
    await refused('ILLEGAL_TRANSITION', () =>
      asExpert('expert-a', 'POST', `/evaluations/${first}/expert-scores`, { expertId: 'expert-a', scores: filled(99) }),
    );
    await api.setClock('2027-03-10T18:00:00+08:00');
    const early = await refused('CONDITIONS_NOT_MET', () => api.post(`/evaluations/${first}/publication`, {}));
    expect(early).toMatchObject({ publicityEndsDate: '2027-03-10', publicationFrom: '2027-03-11' });
  });

  it('C-RES-1 / C-VALID-1: published, the community holds "I类引领型 OPC 社区" for one year', async () => {
    await api.setClock('2027-03-11T10:00:00+08:00');
    await refused('FORBIDDEN', () => api.post(`/evaluations/${first}/publication`, {}, 'viewer'));
    const published = ok(await api.post(`/evaluations/${first}/publication`, {}), 'publication');
    expect(published.result).toEqual({
      resultText: 'I类引领型 OPC 社区',
      resultTextEn: 'Category I leading OPC community',
      grade: 'leading',
      category: 'I',
      validFrom: '2027-03-11',
      validUntil: '2028-03-11',
      lastValidDate: '2028-03-10',
    });
    // The reply's position covers the result recorded on the community.
    expect((await api.get(`/communities/${hub}`)).body).toMatchObject({
      status: 'valid',
      category: 'I',
      grade: 'leading',
      resultText: 'I类引领型 OPC 社区',
      evaluationId: first,
      validFrom: '2027-03-11',
      validUntil: '2028-03-11',
    });
    const listed = (await api.get(`/communities?grade=leading&status=valid&minPosition=${published.position}`)).body;
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([hub]);
    expect((await api.get('/communities?expiringBefore=2028-03-11')).body.items.map((c: { id: string }) => c.id)).toEqual([hub]);
    expect((await api.get('/communities?expiringBefore=2028-03-10')).body.items).toEqual([]);
    const deadlines = (await api.get(`/deadlines?kind=result-validity&minPosition=${published.position}`)).body.items;
    expect(deadlines).toMatchObject([{ streamId: `evaluation-${first}`, dueDate: '2028-03-11', rule: 'C-VALID-1' }]);
  });

  it('C-DIM-2: a new catalogue version is published as data; the running evaluation keeps version 1, a new one takes version 2', async () => {
    const v2 = await api.post('/admin/rulesets/evaluation', {
      document: { publicityWorkingDays: 5 },
      effectiveFrom: '2027-03-16',
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ id: 'evaluation:2', version: 2 });
    // Its own check: the points must still add up (paths, never values).
    const bad = await api.post('/admin/rulesets/evaluation', {
      document: { bonus: { capHundredths: -1 } },
      effectiveFrom: '2027-03-31',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(['document.bonus.capHundredths: must be 0 or more']);
    expect((await api.get(`/evaluations/${first}`)).body.catalogue).toMatchObject({ id: 'evaluation', version: 1 });
  });

  it('C-VALID-1: a re-evaluation published before the end replaces the result; the first is superseded and will not lapse', async () => {
    await api.setClock('2027-09-01T10:00:00+08:00');
    const { id, publicity } = await throughPublicity(hub, [80, 82, 84]);
    second = id;
    // Version 2's publicity: 5 working days from Wednesday 1 September.
    expect(publicity).toMatchObject({
      publicity: { endsDate: '2027-09-08' },
      resultText: 'I类成长型 OPC 社区',
      grade: 'growing',
    });
    expect((await api.get(`/evaluations/${second}`)).body.catalogue.version).toBe(2);
    await api.setClock('2027-09-09T10:00:00+08:00');
    const published = ok(await api.post(`/evaluations/${second}/publication`, {}), 'publication');
    const community = (await api.get(`/communities/${hub}`)).body;
    expect(community).toMatchObject({ status: 'valid', grade: 'growing', evaluationId: second, validUntil: '2028-09-09' });
    expect(community.results.map((r: { evaluationId: string; status: string }) => [r.evaluationId, r.status])).toEqual([
      [first, 'replaced'],
      [second, 'valid'],
    ]);
    expect((await api.get(`/evaluations/${first}`)).body).toMatchObject({
      status: 'superseded',
      supersession: { byEvaluationId: second, supersededDate: '2027-09-09' },
    });
    const deadlines = (await api.get(`/deadlines?kind=result-validity&minPosition=${published.position}`)).body.items;
    expect(deadlines.map((d: { streamId: string }) => d.streamId)).toEqual([`evaluation-${second}`]);
  });

  it('C-VALID-1: the scheduler lapses the result on the first day after its year; as-of reads say which grade it held on a date', async () => {
    await api.setClock('2028-09-08T23:00:00+08:00');
    expect((await api.get(`/communities/${hub}`)).body.status).toBe('valid');
    await api.setClock('2028-09-09T08:00:00+08:00');
    const lapsed = (await api.get(`/communities/${hub}`)).body;
    expect(lapsed).toMatchObject({ status: 'lapsed', grade: 'growing', evaluationId: second });
    expect(lapsed.results[1]).toMatchObject({ status: 'lapsed', lapsedDate: '2028-09-09' });
    const history = (await api.get(`/communities/${hub}/history`)).body.events;
    expect(history.at(-1)).toMatchObject({
      type: 'CommunityResultLapsed.v1',
      metadata: { actor: { id: 'process:evaluation-results', role: 'system' } },
    });
    expect((await api.get(`/evaluations/${second}`)).body).toMatchObject({ status: 'lapsed', lapsedDate: '2028-09-09' });
    const onDate = async (date: string) => (await api.get(`/communities/${hub}?asOfOccurred=${date}`, 'viewer')).body;
    expect(await onDate('2027-03-10')).toMatchObject({ status: 'none', grade: null });
    expect(await onDate('2027-06-01')).toMatchObject({ status: 'valid', grade: 'leading', resultText: 'I类引领型 OPC 社区' });
    expect(await onDate('2028-01-01')).toMatchObject({ status: 'valid', grade: 'growing', evaluationId: second });
    const now = await onDate('2028-09-09');
    expect(now).toMatchObject({ status: 'lapsed', asOf: { mode: 'asOfOccurred' }, ruleSet: { id: 'evaluation', version: 2 } });
    expect((await api.get(`/communities/${hub}?atRevision=0`)).body).toMatchObject({ areaM2: 2999, category: 'II' });
    expect((await api.get(`/communities/${hub}?asOf=2027-01-01`)).status).toBe(404);
    expect((await api.get(`/communities?status=lapsed`)).body.items.map((c: { id: string }) => c.id)).toEqual([hub]);
    // The evaluation as of its publicity: no publication yet.
    expect((await api.get(`/evaluations/${first}?asOfOccurred=2027-03-07`)).body).toMatchObject({
      status: 'publicity',
      publication: null,
      catalogue: { version: 1 },
    });
  });

  it('C-VALID-2: a result revoked for fraud shows revoked, with reason and date, on the community and in its history', async () => {
    await api.setClock('2028-10-09T10:00:00+08:00');
    const { id } = await throughPublicity(hub, [96, 97, 98]);
    await api.setClock('2028-10-17T10:00:00+08:00');
    ok(await api.post(`/evaluations/${id}/publication`, {}), 'publication');
    expect((await api.get(`/communities/${hub}`)).body).toMatchObject({ status: 'valid', grade: 'leading' });
    await api.setClock('2028-12-01T10:00:00+08:00');
    await refused('FORBIDDEN', () => api.post(`/evaluations/${id}/revocation`, { reason: 'x' }, 'expert' as Role));
    const revoked = ok(await api.post(`/evaluations/${id}/revocation`, { reason: 'forged order contracts' }), 'revocation');
    const community = (await api.get(`/communities/${hub}`)).body;
    expect(community).toMatchObject({
      status: 'revoked',
      evaluationId: id,
      revocation: { reason: 'forged order contracts', revokedDate: '2028-12-01' },
    });
    expect((await api.get(`/communities?status=revoked&minPosition=${revoked.position}`)).body.total).toBe(1);
    expect((await api.get(`/communities/${hub}?asOfOccurred=2028-11-01`)).body).toMatchObject({
      status: 'valid',
      grade: 'leading',
    });
    const events = (await api.get(`/evaluations/${id}/history`)).body.events.map((e: { type: string }) => e.type);
    expect(events.at(-1)).toBe('EvaluationResultRevoked.v1');
    await refused('ILLEGAL_TRANSITION', () => api.post(`/evaluations/${id}/revocation`, { reason: 'again' }));
    // Its validity deadline is gone: nothing lapses later.
    expect((await api.get(`/deadlines?kind=result-validity&minPosition=${revoked.position}`)).body.items).toEqual([]);
  });

  it('wrong roles are refused with problem+json and append nothing', async () => {
    await refused('FORBIDDEN', () =>
      api.post('/communities', { name: 'x', operator: 'y', areaM2: 5000, basicConditions: ALL_CONDITIONS }, 'viewer'),
    );
    await refused('FORBIDDEN', () => api.post(`/communities/${hub}/evaluations`, {}, 'recruiter'));
    await refused('FORBIDDEN', () => api.get(`/communities/${hub}`, 'member'));
    await refused('UNAUTHENTICATED', () => api.request('GET', `/evaluations/${first}`, { token: null }));
    await refused('NOT_FOUND', () => api.get('/evaluations/no-such-evaluation'));
  });
});
