import { admitMember, application, ApiHarness, type Reply } from '../../support/api-harness';

/**
 * A small community's story through the real API on the manual clock (2026-09-29 → 2027-01-13),
 * for the browser tests and the screenshots: members in every status, violations, fines issued
 * and paid, a forced exit, two quarters scored and closed (Wu twice below 70: the warning list), a
 * reward, service requests, a graded
 * community. `extraMembers` adds scored members so the charts have something to show.
 */
export interface Story {
  members: Record<'lin' | 'chen' | 'wu' | 'zhao' | 'sun' | 'qian' | 'zhou' | 'zheng', string>;
  /** Zhao's fine for a notice not rectified (2027-01-12): still in its publicity window, so appealable. */
  zhaoFineEventId: string;
  /** Wu's flyers fine (2026-10-20): its publicity window has long ended (DEADLINE_PASSED). */
  wuFineEventId: string;
  communityId: string | null;
  evaluationId: string | null;
}

export const FINAL_CLOCK = '2027-01-13T09:00:00+08:00';

export const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};

/** A route another slice may not serve yet: its part of the story is left out. */
const missing = (r: Reply) => r.status === 404 && /^Cannot (GET|POST)/.test(r.body?.detail ?? '');

const EVIDENCE = [{ kind: 'photo', fileRef: 'files/case/photo.jpg', sha256: 'c'.repeat(64) }];

/** Quarter inputs (shipped scheme): 'top' ≈ 100 points; 64, 69 and 74 as in the README's worked example, with 1, 2, 3 contributions. */
function scoreOf(memberId: string, level: 'top' | 64 | 69 | 74) {
  const top = level === 'top';
  return {
    memberId,
    attendance: { attended: top ? 5 : 4, held: 5 },
    completion: { done: top ? 5 : 4, planned: 5 },
    revenue: { actualFen: top ? 1_200_000 : 800_000, targetFen: 1_000_000 },
    highestAward: top ? 'national' : 'municipal',
    contributions: top ? 3 : { 64: 1, 69: 2, 74: 3 }[level],
    evidence: [{ dimension: 'revenue', fileRef: `files/${memberId}/statements.pdf`, sha256: 'f'.repeat(64) }],
  };
}

/** Inputs giving a spread of totals for the extra members (deterministic by index). */
function spreadScore(memberId: string, i: number) {
  const rate = (k: number) => [5, 4, 3, 2, 5, 4, 1][(i + k) % 7];
  return {
    memberId,
    attendance: { attended: rate(0), held: 5 },
    completion: { done: rate(1), planned: 5 },
    revenue: { actualFen: [1_000_000, 800_000, 600_000, 300_000, 1_200_000][(i + 2) % 5], targetFen: 1_000_000 },
    highestAward: (['national', 'provincial', 'municipal', 'none', 'industry-low'] as const)[i % 5],
    contributions: i % 4,
    evidence: [{ dimension: 'revenue', fileRef: `files/${memberId}/statements.pdf`, sha256: 'f'.repeat(64) }],
  };
}

/** The rest of admission (M-ADM-5..6) for an applicant: reviews, agreement, payments, onboarding. */
async function admitApplicant(api: ApiHarness, id: string): Promise<void> {
  ok(await api.post(`/members/${id}/initial-review`, { decision: 'pass', reason: 'materials complete' }, 'recruiter'), 'review');
  ok(await api.post(`/members/${id}/project-evaluation`, { decision: 'approve', reason: 'fits the community' }), 'evaluation');
  ok(
    await api.post(`/members/${id}/agreement`, { startDate: '2026-10-08', feeFen: 1_200_000, depositFen: 300_000 }, 'recruiter'),
    'agreement',
  );
  ok(
    await api.post(
      `/members/${id}/payments`,
      { kind: 'fee', amountFen: 1_200_000, reference: `FEE-${id.slice(0, 6)}` },
      'recruiter',
    ),
    'fee',
  );
  ok(
    await api.post(
      `/members/${id}/payments`,
      { kind: 'deposit', amountFen: 300_000, reference: `DEP-${id.slice(0, 6)}` },
      'recruiter',
    ),
    'deposit',
  );
  ok(
    await api.post(`/members/${id}/onboarding`, { workspace: `A-${id.slice(0, 3)}`, briefingAcknowledged: true }, 'recruiter'),
    'onboarding',
  );
}

export async function tellStory(api: ApiHarness, options: { extraMembers?: number } = {}): Promise<Story> {
  const admit = async (name: string) => (await admitMember(api, { name })).id;
  const applyOnly = async (name: string) =>
    ok(await api.post('/members/applications', application({ name }), 'recruiter'), name).id as string;

  // 29 September 2026: two communities register; applications arrive.
  let communityId: string | null = null;
  let evaluationId: string | null = null;
  const community = await api.post('/communities', {
    name: '南沙国际 OPC 生态社区',
    operator: '南沙科创运营有限公司',
    areaM2: 3600,
    basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true },
  });
  if (!missing(community)) {
    communityId = ok(community, 'community').id;
    ok(
      await api.post('/communities', {
        name: '明珠湾 AI 创客空间',
        operator: '明珠湾孵化器',
        areaM2: 1200,
        basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true },
      }),
      'second community',
    );
  }
  const lin = await applyOnly('林间智能工作室');
  const chen = await applyOnly('陈氏跨境科技');
  const wu = await applyOnly('吴语 AI 实验室');
  const zhao = await applyOnly('赵云数字营销');
  const sun = await applyOnly('孙悟设计事务所');
  const qian = await applyOnly('钱多多数据服务');
  const zhou = await applyOnly('周末创意工坊');

  // 30 September: five members admitted; one applicant fails the initial review; one signs but never pays.
  await api.setClock('2026-09-30T10:00:00+08:00');
  for (const id of [lin, chen, wu, zhao, sun]) await admitApplicant(api, id);
  ok(
    await api.post(`/members/${zhou}/initial-review`, { decision: 'fail', reason: 'direction does not fit' }, 'recruiter'),
    'zhou',
  );
  const zheng = await applyOnly('郑和出海服务');
  ok(await api.post(`/members/${zheng}/initial-review`, { decision: 'pass', reason: 'complete' }, 'recruiter'), 'zheng review');
  ok(await api.post(`/members/${zheng}/project-evaluation`, { decision: 'approve', reason: 'fits' }), 'zheng evaluation');
  ok(
    await api.post(`/members/${zheng}/agreement`, { startDate: '2026-10-08', feeFen: 600_000, depositFen: 200_000 }, 'recruiter'),
    'zheng agreement',
  );
  const extra: string[] = [];
  for (let i = 0; i < (options.extraMembers ?? 0); i++) extra.push(await admit(`OPC 成员 ${String(i + 1).padStart(2, '0')}`));

  // The community's evaluation: evidence, a panel of three experts, their sheets.
  if (communityId) {
    const opened = ok(await api.post(`/communities/${communityId}/evaluations`, {}), 'open evaluation');
    evaluationId = opened.id as string;
    const checklist = ok(await api.get(`/evaluations/${evaluationId}/checklist`), 'checklist');
    const indicators = (checklist.items as { kind: string; id: string; maxPoints: number }[]).filter(
      (i) => i.kind === 'indicator',
    );
    for (const i of indicators)
      ok(
        await api.post(`/evaluations/${evaluationId}/evidence`, {
          indicator: i.id,
          fileRef: `files/eval/${i.id}.pdf`,
          sha256: 'a'.repeat(64),
        }),
        `evidence ${i.id}`,
      );
    const experts = ['expert-liu', 'expert-he', 'expert-ma'];
    for (const [n, sub] of experts.entries()) {
      ok(await api.post(`/evaluations/${evaluationId}/experts`, { expertId: sub }), `assign ${sub}`);
      const token = api.token('expert', { sub });
      ok(
        await api.request('POST', `/evaluations/${evaluationId}/experts/${sub}/declaration`, {
          token,
          body: { noConflictOfInterest: true },
        }),
        `declare ${sub}`,
      );
      // Each expert gives most indicators most of their points, differently.
      const scores: Record<string, number> = {};
      indicators.forEach((ind, k) => (scores[ind.id] = Math.round(ind.maxPoints * (0.7 + ((k + n) % 4) * 0.1) * 100) / 100));
      ok(
        await api.request('POST', `/evaluations/${evaluationId}/expert-scores`, { token, body: { expertId: sub, scores } }),
        `sheet ${sub}`,
      );
    }
  }

  // 9 October (after the National Day holiday): the evaluation's publicity.
  // 2026Q3 (a day of residence counts) is scored: Wu's 64 is a first quarter below 70.
  await api.setClock('2026-10-09T10:00:00+08:00');
  if (evaluationId) ok(await api.post(`/evaluations/${evaluationId}/publicity`, {}), 'publicity');
  const q3: [string, 'top' | 64 | 69 | 74][] = [
    [lin, 'top'],
    [wu, 64],
    [zhao, 74],
    [sun, 69],
  ];
  for (const [id, level] of q3) ok(await api.post('/scoring/quarters/2026Q3/scores', scoreOf(id, level), 'scorer'), 'score Q3');
  ok(await api.post('/scoring/quarters/2026Q3/publicity', {}, 'scorer'), 'Q3 publicity');

  // 20 October: Wu posts flyers without approval (M-PEN-4c, ¥150); the evaluation's result is published.
  await api.setClock('2026-10-20T10:00:00+08:00');
  const flyers = ok(
    await api.post(
      `/members/${wu}/violations`,
      {
        clause: 'M-PEN-4c',
        occurredAt: '2026-10-20T09:00:00+08:00',
        facts: '大堂张贴未经审批的付费课程传单',
        evidence: EVIDENCE,
        amountFen: 15_000,
      },
      'officer',
    ),
    'wu flyers',
  );
  if (evaluationId) ok(await api.post(`/evaluations/${evaluationId}/publication`, {}), 'publication');
  ok(await api.post('/scoring/quarters/2026Q3/close', {}, 'scorer'), 'close 2026Q3');

  // 21 October: Chen sublets the workspace (M-PEN-1c): a warning and a rectification notice.
  await api.setClock('2026-10-21T10:00:00+08:00');
  const sublet = ok(
    await api.post(
      `/members/${chen}/violations`,
      { clause: 'M-PEN-1c', occurredAt: '2026-10-21T09:00:00+08:00', facts: '工位 B-12 转租给第三方', evidence: EVIDENCE },
      'officer',
    ),
    'chen sublet',
  );

  // 29 October: not rectified → forced exit, ¥800, a one-year ban.
  await api.setClock('2026-10-29T10:00:00+08:00');
  ok(
    await api.post(
      `/members/${chen}/rectifications/${sublet.notice.noticeId}`,
      { rectified: false, note: '复查时仍在转租' },
      'officer',
    ),
    'chen inspection',
  );

  // November: Wu pays the fine; Sun volunteers, and is later found to have put up adverts on
  // 2 November (M-PEN-4c, ¥200, recorded on the 16th: known later than it happened); Sun does not pay.
  await api.setClock('2026-11-10T10:00:00+08:00');
  ok(
    await api.post(`/members/${sun}/volunteer-services`, { date: '2026-11-10', activity: '为新成员讲解 AI 工具' }, 'officer'),
    'volunteer',
  );
  ok(
    await api.post(
      `/members/${wu}/payments`,
      { kind: 'fine', fineId: flyers.penalties[0].fine.fineId, amountFen: 15_000, reference: 'BANK-FINE-1' },
      'recruiter',
    ),
    'wu pays',
  );
  await api.setClock('2026-11-16T10:00:00+08:00');
  ok(
    await api.post(
      `/members/${sun}/violations`,
      {
        clause: 'M-PEN-4c',
        occurredAt: '2026-11-02T15:00:00+08:00',
        facts: '走廊张贴广告',
        evidence: EVIDENCE,
        amountFen: 20_000,
      },
      'officer',
    ),
    'sun flyers',
  );

  // 1 December: Sun gives notice to leave at the end of March.
  await api.setClock('2026-12-01T10:00:00+08:00');
  ok(await api.post(`/members/${sun}/exit-notices`, { exitDate: '2027-03-31' }, 'recruiter'), 'sun exit notice');

  // 4 January 2027: Zhao advertises an award never won (M-PEN-4a); 2026Q4 is scored and publicised;
  // Lin is rewarded and files a service request, Wu a complaint.
  await api.setClock('2027-01-04T10:00:00+08:00');
  const claim = ok(
    await api.post(
      `/members/${zhao}/violations`,
      {
        clause: 'M-PEN-4a',
        occurredAt: '2027-01-04T09:00:00+08:00',
        facts: '官网宣称获得从未获得的国家级奖项',
        evidence: EVIDENCE,
      },
      'officer',
    ),
    'zhao claim',
  );
  const q4: [string, 'top' | 64 | 69 | 74][] = [
    [lin, 'top'],
    [wu, 64],
    [zhao, 69],
    [sun, 74],
  ];
  for (const [id, level] of q4) ok(await api.post('/scoring/quarters/2026Q4/scores', scoreOf(id, level), 'scorer'), 'score Q4');
  for (const [i, id] of extra.entries())
    ok(await api.post('/scoring/quarters/2026Q4/scores', spreadScore(id, i), 'scorer'), `score ${i}`);
  ok(await api.post('/scoring/quarters/2026Q4/publicity', {}, 'scorer'), 'score publicity');
  ok(
    await api.post(
      `/members/${lin}/rewards`,
      {
        clause: 'M-REW-3',
        option: 'cash',
        amountFen: 30_000,
        evidence: [{ kind: 'certificate', fileRef: 'files/lin/talk.pdf', sha256: 'd'.repeat(64) }],
      },
      'officer',
    ),
    'reward',
  );
  const asMember = (id: string) => api.token('member', { memberId: id, sub: `member-${id.slice(0, 8)}` });
  const request = await api.request('POST', `/members/${lin}/requests`, {
    token: asMember(lin),
    body: { kind: 'request', subject: '会议室 B 投影仪故障', text: '会议室 B 的投影仪自周一起无法使用。' },
  });
  if (!missing(request)) {
    const filed = ok(request, 'lin request');
    ok(
      await api.request('POST', `/members/${wu}/requests`, {
        token: asMember(wu),
        body: { kind: 'complaint', subject: '空调噪音过大', text: '工位区空调夜间噪音影响工作。' },
      }),
      'wu complaint',
    );
    const more: string[] = [];
    const subjects = ['门禁卡无法识别', '申请路演厅档期', '网络频繁掉线', '发票开具咨询', '停车位申请', '茶水间卫生'];
    for (const [i, id] of extra.slice(0, subjects.length).entries()) {
      const r = await api.request('POST', `/members/${id}/requests`, {
        token: asMember(id),
        body: { kind: i % 3 === 2 ? 'complaint' : 'request', subject: subjects[i], text: `${subjects[i]}，请尽快处理。` },
      });
      more.push(ok(r, 'request').id);
    }
    await api.setClock('2027-01-05T10:00:00+08:00');
    ok(await api.post(`/requests/${filed.id}/response`, { text: '已安排技术人员周四更换。' }, 'officer'), 'response');
    for (const [i, id] of more.entries())
      if (i % 2 === 0) ok(await api.post(`/requests/${id}/resolution`, { text: '已处理完毕。' }, 'officer'), 'resolution');
  }

  // 8 January: the quarter closes; 12 January: Zhao's notice is found not rectified, ¥400 fine.
  await api.setClock('2027-01-08T09:00:00+08:00');
  ok(await api.post('/scoring/quarters/2026Q4/close', {}, 'scorer'), 'close 2026Q4');
  await api.setClock('2027-01-12T10:00:00+08:00');
  const inspected = ok(
    await api.post(
      `/members/${zhao}/rectifications/${claim.notice.noticeId}`,
      { rectified: false, note: '官网仍保留获奖宣传', amountFen: 40_000 },
      'officer',
    ),
    'zhao inspection',
  );
  await api.setClock(FINAL_CLOCK);
  return {
    members: { lin, chen, wu, zhao, sun, qian, zhou, zheng },
    zhaoFineEventId: inspected.penalties[0].eventId,
    wuFineEventId: flyers.penalties[0].eventId,
    communityId,
    evaluationId,
  };
}
