import { admitMember, ApiHarness, application, type Reply } from '../support/api-harness';

/**
 * Quarterly scoring through the real HTTP app on the manual clock (M-SCORE-1..11, M-EXIT-3,
 * M-APL-1): a cohort of 30 over three quarters — who is eliminated (below 60, the bottom share,
 * a third quarter below 70), who is warned, who recovers — an objection upheld before the close,
 * and the bad input that records nothing.
 */
const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};

/** Inputs that score each level of each dimension under the shipped scheme. */
const LEVELS = {
  attendance: [
    [10, { attended: 9, held: 10 }],
    [5, { attended: 7, held: 10 }],
    [0, { attended: 5, held: 10 }],
  ],
  completion: [
    [25, { done: 5, planned: 5 }],
    [20, { done: 4, planned: 5 }],
    [15, { done: 3, planned: 5 }],
    [0, { done: 2, planned: 5 }],
  ],
  revenue: [
    [30, { actualFen: 1_000_000, targetFen: 1_000_000 }],
    [24, { actualFen: 800_000, targetFen: 1_000_000 }],
    [18, { actualFen: 600_000, targetFen: 1_000_000 }],
    [0, { actualFen: 100_000, targetFen: 1_000_000 }],
  ],
  highestAward: [
    [15, 'national'],
    [10, 'provincial'],
    [5, 'municipal'],
    [0, 'none'],
  ],
  contributions: [
    [20, 3],
    [15, 2],
    [10, 1],
    [0, 0],
  ],
} as const;

/** A body scoring exactly `total` (searched over the levels), with its evidence. */
const scoreBody = (memberId: string, total: number) => {
  for (const [a, attendance] of LEVELS.attendance)
    for (const [c, completion] of LEVELS.completion)
      for (const [r, revenue] of LEVELS.revenue)
        for (const [w, highestAward] of LEVELS.highestAward)
          for (const [k, contributions] of LEVELS.contributions)
            if (a + c + r + w + k === total)
              return {
                memberId,
                attendance,
                completion,
                revenue,
                highestAward,
                contributions,
                evidence: [{ dimension: 'attendance', fileRef: `files/${memberId}/attendance.xlsx`, sha256: 'e'.repeat(64) }],
              };
  throw new Error(`no inputs score ${total}`);
};

describe('scoring over HTTP: a cohort of 30 over three quarters', () => {
  let api: ApiHarness;
  const m: string[] = [];

  const scoreQuarter = async (quarter: string, totals: Record<number, number>, others: number) => {
    for (let i = 0; i < m.length; i++) {
      const total = totals[i] ?? others;
      if (total < 0) continue; // gone
      ok(await api.post(`/scoring/quarters/${quarter}/scores`, scoreBody(m[i], total), 'scorer'), `${quarter} m${i}`);
    }
  };
  const closeAfterPublicity = async (quarter: string, publicityAt: string, closeAt: string) => {
    await api.setClock(publicityAt);
    ok(await api.post(`/scoring/quarters/${quarter}/publicity`, {}, 'scorer'), 'publicity');
    await api.setClock(closeAt);
    return ok(await api.post(`/scoring/quarters/${quarter}/close`, {}, 'scorer'), 'close');
  };
  const status = async (i: number) => (await api.get(`/members/${m[i]}`)).body;

  beforeAll(async () => {
    api = await ApiHarness.start();
    for (let i = 0; i < 30; i++) m.push((await admitMember(api, { name: `Cohort ${i}` })).id);
  }, 60_000);
  afterAll(async () => {
    await api.stop();
  });

  it('M-SCORE-1..6: an entry gives points per dimension, the total and the scheme version; exact at the band edges', async () => {
    await api.setClock('2027-01-04T09:00:00+08:00');
    // 4/5 attendance is in the 60–80 % band (M-SCORE-6 edge), 4/5 completion in 80–100 %, 8/10 revenue in 80–100 %.
    const r = ok(
      await api.post(
        '/scoring/quarters/2026Q4/scores',
        {
          memberId: m[29],
          attendance: { attended: 4, held: 5 },
          completion: { done: 4, planned: 5 },
          revenue: { actualFen: 8, targetFen: 10 },
          highestAward: 'industry-high',
          contributions: 2,
          evidence: [{ dimension: 'revenue', fileRef: 'files/m29/statements.pdf', sha256: 'f'.repeat(64) }],
        },
        'scorer',
      ),
      'edges',
    );
    expect(r).toMatchObject({
      quarter: '2026Q4',
      memberId: m[29],
      points: { attendance: 5, completion: 20, revenue: 24, awards: 10, contributions: 15 },
      total: 74,
      schemeVersion: 1,
    });
    expect((await api.get(`/members/${m[29]}?minPosition=${r.position}`)).body.latestScore).toBe(74);
  });

  it('M-SCORE-8 / M-SCORE-9: 2026Q4 — below 60 eliminated; the bottom 10 % of 30 (3 positions) eliminated; all exited/eliminated without a ban', async () => {
    // m0 55 (< 60), m1 60, m2 63 in the 3 lowest positions; m3 64 and m4 65 start a warning run.
    await scoreQuarter('2026Q4', { 0: 55, 1: 60, 2: 63, 3: 64, 4: 65 }, 85);
    const closed = await closeAfterPublicity('2026Q4', '2027-01-05T09:00:00+08:00', '2027-01-11T09:00:00+08:00');
    expect(closed).toMatchObject({ cohort: 30, cut: 3, cutTotal: 64 });
    expect([...closed.eliminated].sort()).toEqual([m[0], m[1], m[2]].sort());
    expect(closed.warningList).toEqual([]);
    const quarter = (await api.get(`/scoring/quarters/2026Q4?minPosition=${closed.position}`)).body;
    expect(quarter.status).toBe('closed');
    const outcome = (i: number) => quarter.ranking.find((o: { memberId: string }) => o.memberId === m[i]);
    expect(outcome(0).reasons).toEqual(['M-SCORE-8: total 55 < 60']);
    expect(outcome(1).reasons[0]).toMatch(/^M-SCORE-9: /);
    expect(outcome(3)).toMatchObject({ eliminated: false, warningRun: 1, onWarningList: false });
    for (const i of [0, 1, 2]) expect(await status(i)).toMatchObject({ status: 'exited', exitKind: 'eliminated', ban: null });
    expect(quarter.decision.stats.mean).toBeDefined();
    // A close asked again answers the close already made.
    const again = ok(await api.post('/scoring/quarters/2026Q4/close', {}, 'scorer'), 'again');
    expect(again).toMatchObject({ cohort: 30, eliminated: closed.eliminated });
  });

  it('M-SCORE-10: 2027Q1 — a second quarter below 70 puts m3 on the warning list; m4 recovers; the bottom share takes the two lowest', async () => {
    await api.setClock('2027-04-01T09:00:00+08:00');
    // m0 was eliminated on 11 January: active in 2027Q1 for ten days, so it may be scored, but it is gone by the close.
    await scoreQuarter('2027Q1', { 0: 90, 1: -1, 2: -1, 3: 65, 4: 75, 5: 68, 6: 60, 7: 63 }, 85);
    const closed = await closeAfterPublicity('2027Q1', '2027-04-01T10:00:00+08:00', '2027-04-07T09:00:00+08:00');
    expect(closed).toMatchObject({ cohort: 27, cut: 2 });
    const quarter = (await api.get(`/scoring/quarters/2027Q1?minPosition=${closed.position}`)).body;
    expect(quarter.decision.notRanked).toEqual([
      { memberId: m[0], total: 90, reason: 'left on 2027-01-11 (eliminated) before the close' },
    ]);
    expect((await status(0)).scores.at(-1)).toMatchObject({ quarter: '2027Q1', closed: true, rank: null, eliminated: false });
    expect([...closed.eliminated].sort()).toEqual([m[6], m[7]].sort());
    expect(closed.warningList).toEqual([m[3]]);
    const warned = (await api.get(`/members?warning=true&minPosition=${closed.position}`)).body.items.map(
      (x: { id: string }) => x.id,
    );
    expect(warned).toEqual([m[3]]);
    expect(await status(4)).toMatchObject({ onWarningList: false, latestScore: 75 });
  });

  it('M-SCORE-10: 2027Q2 — a third quarter below 70 eliminates m3; m5 reaches the warning list', async () => {
    await api.setClock('2027-07-01T09:00:00+08:00');
    await scoreQuarter('2027Q2', { 0: -1, 1: -1, 2: -1, 6: -1, 7: -1, 3: 64, 5: 69, 8: 60, 9: 63 }, 85);
    const closed = await closeAfterPublicity('2027Q2', '2027-07-01T10:00:00+08:00', '2027-07-07T09:00:00+08:00');
    expect(closed).toMatchObject({ cohort: 25, cut: 2 });
    expect([...closed.eliminated].sort()).toEqual([m[3], m[8], m[9]].sort());
    expect(closed.warningList).toEqual([m[5]]);
    const m3 = await status(3);
    expect(m3).toMatchObject({ status: 'exited', exitKind: 'eliminated' });
    expect(m3.scores.map((s: { quarter: string; onWarningList: boolean }) => [s.quarter, s.onWarningList])).toEqual([
      ['2026Q4', false],
      ['2027Q1', true],
      ['2027Q2', false],
    ]);
    expect(m3.scores[2].reasons).toContain('M-SCORE-10: third consecutive quarter below 70');
    // M-ARC-1: the archive keeps the scores with the rest of the record.
    const archive = (await api.get(`/members/${m[3]}/archive`, 'admin')).body;
    expect(archive.scores.map((s: { quarter: string; total: number }) => [s.quarter, s.total])).toEqual([
      ['2026Q4', 64],
      ['2027Q1', 65],
      ['2027Q2', 64],
    ]);
    // Who is still in: 30 − 3 − 2 − 3.
    const active = (await api.get('/members?status=active')).body.total;
    expect(active).toBe(22);
  });

  it('lists filter by latest score, by name (literal, case-insensitive) and page by pageSize', async () => {
    const ids = async (query: string) => (await api.get(`/members?${query}`)).body.items.map((x: { id: string }) => x.id).sort();
    // M-SCORE-10: m5 scored 69 in 2027Q2 and stays; m3 (64) left.
    expect(await ids('status=active&minScore=60&maxScore=69')).toEqual([m[5]]);
    expect(await ids('minScore=60&maxScore=64&status=exited')).toContain(m[3]);
    expect((await api.get('/members?name=cohort%201')).body.total).toBe(11); // Cohort 1, 10..19
    expect((await api.get('/members?name=Cohort%20(')).body.total).toBe(0); // not a pattern
    const paged = (await api.get('/members?pageSize=7&page=2')).body;
    expect(paged).toMatchObject({ page: 2, pageSize: 7, pages: 5, total: 30 });
    expect(paged.items).toHaveLength(7);
    for (const bad of ['pageSize=501', 'pageSize=0', 'minScore=-1', 'maxScore=1.5']) {
      const r = await api.get(`/members?${bad}`);
      expect({ bad, status: r.status, code: r.body.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});

describe('scoring over HTTP: objections, as-of, and refusals', () => {
  let api: ApiHarness;
  let a: string;
  let b: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    a = (await admitMember(api)).id;
    b = (await admitMember(api)).id;
    await api.setClock('2027-01-04T09:00:00+08:00');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-APL-1 / M-SCORE-11: an objection during publicity holds the close; upheld, the score is voided until a corrected entry', async () => {
    const scoreA = ok(await api.post('/scoring/quarters/2026Q4/scores', scoreBody(a, 65), 'scorer'), 'a');
    ok(await api.post('/scoring/quarters/2026Q4/scores', scoreBody(b, 90), 'scorer'), 'b');
    const member = api.token('member', { memberId: a });
    // Before publicity there is nothing to object to yet.
    const early = await api.request('POST', `/members/${a}/appeals`, {
      token: member,
      body: { decisionEventId: scoreA.eventId, grounds: 'x' },
    });
    expect(early.body.code).toBe('CONDITIONS_NOT_MET');
    const opened = ok(await api.post('/scoring/quarters/2026Q4/publicity', {}, 'scorer'), 'publicity');
    expect(opened.publicity).toEqual({ openedDate: '2027-01-04', endsDate: '2027-01-07' });
    const objection = await api.request('POST', `/members/${a}/appeals`, {
      token: member,
      body: { decisionEventId: scoreA.eventId, grounds: 'my revenue statement was not counted' },
    });
    expect(objection.status).toBe(201);
    await api.setClock('2027-01-08T09:00:00+08:00');
    const head = await api.head();
    const held = await api.post('/scoring/quarters/2026Q4/close', {}, 'scorer');
    expect(held.body.code).toBe('CONDITIONS_NOT_MET');
    expect(held.body.reasons.join(' ')).toContain(objection.body.id);
    expect(await api.head()).toBe(head);
    const upheld = ok(
      await api.post(`/appeals/${objection.body.id}/decision`, { upheld: true, reason: 'statement missed' }, 'appeal-handler'),
      'upheld',
    );
    // The voided score no longer stands on the member's record until it is entered again.
    expect((await api.get(`/members/${a}?minPosition=${upheld.position}`)).body).toMatchObject({ latestScore: null, scores: [] });
    const voided = await api.post('/scoring/quarters/2026Q4/close', {}, 'scorer');
    expect(voided.body.reasons.join(' ')).toContain('voided');
    const corrected = ok(await api.post('/scoring/quarters/2026Q4/scores', scoreBody(a, 80), 'scorer'), 'corrected');
    expect(corrected.total).toBe(80);
    const closed = ok(await api.post('/scoring/quarters/2026Q4/close', {}, 'scorer'), 'close');
    expect(closed).toMatchObject({ cohort: 2, eliminated: [] });
    // M-APL-2: the case view names the scoring scheme that decided, and what the quarter learned since about this member.
    const view = (await api.get(`/appeals/${objection.body.id}`, 'appeal-handler')).body;
    expect(view.ruleSet).toMatchObject({ id: 'scoring', version: 1, effectiveFrom: '2026-04-01', clause: null });
    expect(view.learnedSince.map((e: { type: string }) => e.type)).toEqual([
      'ScorePublicityOpened.v1',
      'ScoreVoided.v1',
      'ScoreRecorded.v1',
      'QuarterClosed.v1',
    ]);
    const quarter = (await api.get('/scoring/quarters/2026Q4')).body;
    expect(quarter.entries.find((e: { memberId: string }) => e.memberId === a)).toMatchObject({ total: 80, supersedes: null });
    // As of the day before the close: in publicity, the voided score gone, the correction there.
    const before = (await api.get('/scoring/quarters/2026Q4?asOf=2027-01-07')).body;
    expect(before).toMatchObject({ status: 'publicity', ranking: null });
    // The member as known then: the first entry, not yet closed; now: the corrected one, closed.
    expect((await api.get(`/members/${a}?asOf=2027-01-07`)).body.scores).toEqual([
      expect.objectContaining({ quarter: '2026Q4', total: 65, closed: false }),
    ]);
    expect((await api.get(`/members/${a}`)).body.scores).toEqual([
      expect.objectContaining({ quarter: '2026Q4', total: 80, closed: true, rank: 2 }),
    ]);
  });

  it("M-ARC-1: the case timeline joins the member's streams in recorded order: entries, publicity, the objection, the void, its line of the close", async () => {
    const timeline = (await api.get(`/members/${a}/timeline`)).body;
    const events: { kind: string; type: string; position: number; data: Record<string, unknown>; excerpt?: boolean }[] =
      timeline.events;
    const positions = events.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(events[0]).toMatchObject({ kind: 'membership', type: 'MembershipApplied.v1' });
    const tail = events.filter((e) => e.kind !== 'membership').map((e) => [e.kind, e.type]);
    expect(tail).toEqual([
      ['scoring', 'ScoreRecorded.v1'],
      ['scoring', 'ScorePublicityOpened.v1'],
      ['appeal', 'AppealFiled.v1'],
      ['appeal', 'AppealDecided.v1'],
      ['scoring', 'ScoreVoided.v1'],
      ['scoring', 'ScoreRecorded.v1'],
      ['scoring', 'QuarterClosed.v1'],
    ]);
    // Only this member's entries; the close as an excerpt with its own outcome.
    expect(events.filter((e) => e.type === 'ScoreRecorded.v1').every((e) => e.data.memberId === a)).toBe(true);
    const close = events.find((e) => e.type === 'QuarterClosed.v1')!;
    expect(close).toMatchObject({ excerpt: true, data: { quarter: '2026Q4', cohort: 2, outcome: { memberId: a, total: 80 } } });
    expect(close.data).not.toHaveProperty('decision');
    // A member reads its own timeline, not another's.
    const own = await api.request('GET', `/members/${a}/timeline`, { token: api.token('member', { memberId: a }) });
    expect(own.status).toBe(200);
    const other = await api.request('GET', `/members/${b}/timeline`, { token: api.token('member', { memberId: a }) });
    expect(other.body.code).toBe('FORBIDDEN');
    expect((await api.get('/members/nobody/timeline')).body.code).toBe('NOT_FOUND');
  });

  it('bad input records nothing: unknown member, not active that quarter, negative or fractional amounts, after close, a malformed quarter, wrong role', async () => {
    const applied = ok(await api.post('/members/applications', application(), 'recruiter'), 'applied').id;
    const head = await api.head();
    const cases: [string, Reply, number, string][] = [
      ['unknown member', await api.post('/scoring/quarters/2027Q1/scores', scoreBody('nobody', 80), 'scorer'), 404, 'NOT_FOUND'],
      [
        'never onboarded',
        await api.post('/scoring/quarters/2027Q1/scores', scoreBody(applied, 80), 'scorer'),
        422,
        'NOT_ELIGIBLE',
      ],
      [
        'before the membership',
        await api.post('/scoring/quarters/2026Q2/scores', scoreBody(a, 80), 'scorer'),
        422,
        'NOT_ELIGIBLE',
      ],
      [
        'negative revenue',
        await api.post(
          '/scoring/quarters/2027Q1/scores',
          { ...scoreBody(a, 80), revenue: { actualFen: -1, targetFen: 100 } },
          'scorer',
        ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'fractional fen',
        await api.post(
          '/scoring/quarters/2027Q1/scores',
          { ...scoreBody(a, 80), revenue: { actualFen: 10.5, targetFen: 100 } },
          'scorer',
        ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'attended more than held',
        await api.post(
          '/scoring/quarters/2027Q1/scores',
          { ...scoreBody(a, 80), attendance: { attended: 11, held: 10 } },
          'scorer',
        ),
        400,
        'VALIDATION_FAILED',
      ],
      ['after close', await api.post('/scoring/quarters/2026Q4/scores', scoreBody(b, 70), 'scorer'), 409, 'ILLEGAL_TRANSITION'],
      ['quarter 5', await api.post('/scoring/quarters/2027Q5/scores', scoreBody(a, 80), 'scorer'), 400, 'VALIDATION_FAILED'],
      ['month 13', await api.post('/scoring/quarters/2027-13/scores', scoreBody(a, 80), 'scorer'), 400, 'VALIDATION_FAILED'],
      [
        'a month under the quarterly scheme',
        await api.post('/scoring/quarters/2027-01/scores', scoreBody(a, 80), 'scorer'),
        422,
        'CONDITIONS_NOT_MET',
      ],
      [
        'no evidence',
        await api.post('/scoring/quarters/2027Q1/scores', { ...scoreBody(a, 80), evidence: [] }, 'scorer'),
        400,
        'VALIDATION_FAILED',
      ],
      ['no scores to publicise', await api.post('/scoring/quarters/2027Q3/publicity', {}, 'scorer'), 422, 'CONDITIONS_NOT_MET'],
      ['an officer', await api.post('/scoring/quarters/2027Q1/scores', scoreBody(a, 80), 'officer'), 403, 'FORBIDDEN'],
    ];
    for (const [what, r, status, code] of cases) {
      expect({ what, status: r.status, code: r.body?.code }).toEqual({ what, status, code });
      expect(r.contentType).toContain('application/problem+json');
    }
    expect(await api.head()).toBe(head);
    // Publicity running: the close is refused, listing why.
    await api.setClock('2027-04-01T09:00:00+08:00');
    ok(await api.post('/scoring/quarters/2027Q1/scores', scoreBody(a, 80), 'scorer'), 'q1');
    ok(await api.post('/scoring/quarters/2027Q1/publicity', {}, 'scorer'), 'publicity');
    const during = await api.post('/scoring/quarters/2027Q1/close', {}, 'scorer');
    expect(during.body).toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    // M-APL-1: scores stand as publicised — a new entry or a correction now is refused.
    const late = await api.post('/scoring/quarters/2027Q1/scores', scoreBody(b, 80), 'scorer');
    expect(late.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'publicity' });
    expect(during.body.reasons[0]).toMatch(/publicity runs until the end of 2027-04-06/);
    expect((await api.post('/scoring/quarters/2027Q1/publicity', {}, 'scorer')).body.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('scoring over HTTP: a monthly scheme (M-SCORE-7: the period is data)', () => {
  let api: ApiHarness;
  let a: string;
  let b: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    a = (await admitMember(api)).id;
    b = (await admitMember(api)).id;
    // Published on Tuesday 2026-09-29, in force 3 working days later (National Day in between).
    ok(await api.post('/admin/rulesets/scoring', { document: { period: 'month' }, effectiveFrom: '2026-10-09' }), 'monthly');
  });
  afterAll(async () => {
    await api.stop();
  });

  const month = async (period: string, totals: [number, number], closeAt: string) => {
    ok(await api.post(`/scoring/quarters/${period}/scores`, scoreBody(a, totals[0]), 'scorer'), `${period} a`);
    ok(await api.post(`/scoring/quarters/${period}/scores`, scoreBody(b, totals[1]), 'scorer'), `${period} b`);
    ok(await api.post(`/scoring/quarters/${period}/publicity`, {}, 'scorer'), `${period} publicity`);
    await api.setClock(closeAt);
    return ok(await api.post(`/scoring/quarters/${period}/close`, {}, 'scorer'), `${period} close`);
  };

  it('M-SCORE-7 / M-SCORE-10: months are scored and closed like quarters; two months below 70 in a row put a member on the warning list', async () => {
    await api.setClock('2026-12-01T09:00:00+08:00');
    const quarterly = await api.post('/scoring/quarters/2026Q4/scores', scoreBody(a, 65), 'scorer');
    expect(quarterly.body).toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    expect(quarterly.body.reasons).toEqual(['M-SCORE-7: scoring scheme version 2 scores by month; 2026Q4 is a quarter']);

    const november = await month('2026-11', [65, 90], '2026-12-07T09:00:00+08:00');
    expect(november).toMatchObject({ streamId: 'month-2026-11', cohort: 2, warningList: [] });
    await api.setClock('2027-01-04T09:00:00+08:00');
    const december = await month('2026-12', [64, 90], '2027-01-08T09:00:00+08:00');
    expect(december).toMatchObject({ streamId: 'month-2026-12', warningList: [a] });
    const member = (await api.get(`/members/${a}?minPosition=${december.position}`)).body;
    expect(member).toMatchObject({ latestScore: 64, onWarningList: true });
    expect(member.scores.map((s: { quarter: string; warningRun: number }) => [s.quarter, s.warningRun])).toEqual([
      ['2026-11', 1],
      ['2026-12', 2],
    ]);
  });
});
