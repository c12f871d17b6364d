import { readFileSync } from 'node:fs';
import { signToken } from '@opc/platform';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { yuan } from '../../apps/console/src/format';
import { ApiHarness } from '../support/api-harness';
import { cspViolations, launchChromium, newContext, signIn } from './support/browser';
import { tellStory, type Story } from './support/story';

/**
 * The operators' console in a real browser (Debian's Chromium through playwright-core), served by
 * the real app on the embedded stores in a temp DATA_DIR on the manual clock, with a story told
 * through the API first. Every wait is for an element or a text, never for a time.
 */
describe('the operators’ console (/console) in Chromium', () => {
  let api: ApiHarness;
  let story: Story;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  /** The element with this data-testid, once it shows this text. */
  const testId = (id: string, hasText?: string | RegExp) =>
    page.locator(`[data-testid="${id}"]`, hasText ? { hasText } : {}).first();
  const textOf = async (id: string) => {
    await testId(id).waitFor();
    return (await testId(id).innerText()).trim();
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    story = await tellStory(api);
    base = `http://127.0.0.1:${api.port}`;
    browser = await launchChromium();
    context = await newContext(browser);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('is served by the API: a strict CSP, index.html never cached, hashed assets immutable, client routes answered with index.html', async () => {
    const index = await fetch(`${base}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-store');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(base + asset);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // A client route (a reload on a member page) is the same index.html; a missing asset stays 404.
    const route = await fetch(`${base}/console/members/${story.members.lin}`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
    // The API keeps its own policy.
    expect((await fetch(`${base}/health`)).headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('signs in with a token, shows the role, and the dashboard shows the figures of GET /dashboard/summary', async () => {
    await page.goto(`${base}/console/`);
    await page.getByText('npm run -s token -- --role admin').waitFor();
    await signIn(page, base, api.token('admin', { sub: 'ops-admin' }));
    expect(await textOf('role')).toBe('管理员');
    const summary = (await api.get('/dashboard/summary')).body;
    expect(summary.date).toBe('2027-01-13');
    const n = (x: number) => x.toLocaleString('en-US');
    expect(await textOf('tile-members-total')).toBe(n(summary.members.total));
    expect(await textOf('tile-members-active')).toBe(n(summary.members.byStatus.active));
    expect(await textOf('tile-warning-list')).toBe(n(summary.members.warningList));
    expect(await textOf('tile-deadlines-overdue')).toBe(n(summary.deadlines.overdue.total));
    expect(await textOf('tile-fines-outstanding')).toBe(yuan(summary.fines.outstandingFen));
    expect(await textOf('fines-issued')).toBe(yuan(summary.fines.issuedFen));
    expect(await textOf('fines-paid')).toBe(yuan(summary.fines.paidFen));
    expect(await textOf('tile-appeals-open')).toBe(n(summary.appeals.open));
    expect(await textOf('tile-requests-open')).toBe(n(summary.requests.open));
    expect(await textOf('tile-communities-total')).toBe(n(summary.communities.total));
    // The story's own figures: 8 applicants, Wu twice below 70, the fines owed member by member.
    expect(summary.members.total).toBe(8);
    expect(await textOf('tile-warning-list')).toBe('1');
    const members = (await api.get('/members?pageSize=500')).body.items as { fines: { outstandingFen: number } }[];
    const owed = members.reduce((sum, m) => sum + m.fines.outstandingFen, 0);
    expect(await textOf('tile-fines-outstanding')).toBe(yuan(owed));
    expect(owed).toBeGreaterThan(0);
    // Four charts drew on canvas.
    await page.locator('.chart canvas').nth(3).waitFor();

    // As of a past date: the figures as known then.
    await testId('asof-date').fill('2026-10-31');
    await testId('asof-line', '2026-10-31').waitFor();
    const then = (await api.get('/dashboard/summary?asOf=2026-10-31')).body;
    await testId('tile-members-total', new RegExp(`^${n(then.members.total)}$`)).waitFor();
    expect(await textOf('tile-fines-outstanding')).toBe(yuan(then.fines.outstandingFen));
  });

  it('filters the members and exports the whole filtered list as CSV: UTF-8 with a BOM, Chinese headers, one row per member', async () => {
    await page.locator('nav >> text=成员').click();
    await testId('members-table').waitFor();
    await page.locator('select[name=status]').selectOption('active');
    const active = (await api.get('/members?status=active&pageSize=500')).body;
    await page.getByText(`共 ${active.total} 条`).first().waitFor();
    expect(await page.locator('[data-testid=members-table] tbody tr').count()).toBe(active.total);
    const [download] = await Promise.all([page.waitForEvent('download'), testId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['成员编号', '名称', '状态']);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(active.total);
    expect(rows.map((r) => r[0]).sort()).toEqual(active.items.map((m: { id: string }) => m.id).sort());
    expect(rows.find((r) => r[0] === story.members.lin)?.slice(1, 3)).toEqual(['林间智能工作室', '在驻']);
    await testId('export-status', `已导出 ${active.total} 行`).waitFor();
  });

  it('opens a member: its case timeline in words, and the as-of slider moved back shows the earlier status', async () => {
    await page.goto(`${base}/console/members/${story.members.chen}`);
    await page.locator('h1', { hasText: '陈氏跨境科技' }).waitFor();
    await page.locator('h1 >> text=已退出').waitFor();
    await testId('timeline').waitFor();
    // Event types in words, the raw type as a tooltip.
    const applied = page.locator('[data-testid=timeline] [data-type="MembershipApplied.v1"]').first();
    expect(await applied.innerText()).toBe('提交入驻申请');
    expect(await applied.getAttribute('title')).toContain('MembershipApplied.v1');
    await page
      .locator('[data-testid=timeline] [data-type="ForcedExitDecided.v2"]', { hasText: '决定强制退出' })
      .first()
      .waitFor();
    // The slider starts at the latest event: exited as known and as true.
    await testId('asof-known-status', '已退出').waitFor();
    // Back to the first event: the application, as known then.
    await testId('asof-slider').focus();
    await page.keyboard.press('Home');
    await testId('asof-position', '提交入驻申请').waitFor();
    await testId('asof-known-status', '已申请').waitFor();
    await testId('asof-true-status', '已申请').waitFor();
    // One step forward per key: the initial review, recorded the next day.
    await page.keyboard.press('ArrowRight');
    await testId('asof-position', '初审通过').waitFor();
    await testId('asof-known-status', '在驻').waitFor(); // the whole admission was recorded at that same instant
  });

  it('files an appeal from the member page and decides it in the case view, both through the forms', async () => {
    await page.goto(`${base}/console/members/${story.members.zhao}`);
    await page.locator('[data-testid=appeal-form]').waitFor();
    await page.locator('select[name=decision]').selectOption(story.zhaoFineEventId);
    await page.locator('textarea[name=grounds]').fill('奖项宣传已于 1 月 7 日删除，检查时看到的是缓存页面');
    await page.locator('[data-testid=appeal-form] button[type=submit]').click();
    await page.getByText('已提交申诉，答复期限').waitFor();
    await page.getByRole('link', { name: '查看申诉' }).click();
    await page.locator('h1', { hasText: '申诉案卷' }).waitFor();
    await page.locator('h1 >> text=待答复').waitFor();
    // The rule then in force, in its Chinese text; the decision and who took it.
    expect(await textOf('rule-text-zh')).toContain('虚假宣传');
    await page.getByText('officer').first().waitFor();
    await page.locator('input[name=upheld][value=true]').check();
    await page.locator('textarea[name=reason]').fill('检查前已删除宣传，检查人员看到的是缓存页面');
    await page.locator('[data-testid=decide-form] button[type=submit]').click();
    await testId('appeal-outcome', '已支持').waitFor();
    await page.locator('h1 >> text=已支持').waitFor();
    const appeals = (await api.get('/appeals?status=upheld')).body;
    expect(appeals.items.map((a: { decision: { eventId: string } }) => a.decision.eventId)).toContain(story.zhaoFineEventId);
  });

  it('shows a refusal in words: the code’s text, the server’s detail and every reason', async () => {
    // A review asked for after the decision's publicity: DEADLINE_PASSED.
    await page.goto(`${base}/console/members/${story.members.wu}`);
    await page.locator('[data-testid=appeal-form]').waitFor();
    await page.locator('select[name=decision]').selectOption(story.wuFineEventId);
    await page.locator('textarea[name=grounds]').fill('传单已获前台批准');
    await page.locator('[data-testid=appeal-form] button[type=submit]').click();
    const deadline = page.locator('[data-testid=appeal-form] [role=alert][data-code=DEADLINE_PASSED]');
    await deadline.waitFor();
    expect(await deadline.innerText()).toContain('已超过办理期限');
    expect(await deadline.innerText()).toContain('M-APL-1');
    // A violation whose fine range needs the officer's amount: CONDITIONS_NOT_MET with its reasons.
    await page.locator('[data-testid=violation-form] select[name=clause]').selectOption('M-PEN-4c');
    await page.locator('[data-testid=violation-form] textarea[name=facts]').fill('再次张贴传单');
    await page.locator('[data-testid=violation-form] button[type=submit]').click();
    const conditions = page.locator('[data-testid=violation-form] [role=alert][data-code=CONDITIONS_NOT_MET]');
    await conditions.waitFor();
    expect(await conditions.innerText()).toContain('前置条件未满足');
    expect(await conditions.innerText()).toContain('具体原因');
    expect(await conditions.innerText()).toContain('M-PEN-4c');
  });

  it('switches every label to English and back, and remembers the choice', async () => {
    await page.goto(`${base}/console/members`);
    await page.locator('nav >> text=成员').waitFor();
    await testId('lang-toggle').click();
    await page.locator('nav >> text=Members').waitFor();
    await page.locator('h1', { hasText: 'Members' }).waitFor();
    expect(await textOf('role')).toBe('Administrator');
    await page.reload();
    await page.locator('nav >> text=Dashboard').waitFor();
    await page.locator('th', { hasText: 'Latest score' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(`${base}/console/members/${story.members.chen}`);
    await page
      .locator('[data-testid=timeline] [data-type="MembershipApplied.v1"]', { hasText: 'Applied for membership' })
      .first()
      .waitFor();
    await testId('lang-toggle').click();
    await page.locator('nav >> text=成员').waitFor();
  });

  it('met no Content-Security-Policy violation on any page', async () => {
    const pages = ['/', '/appeals', '/deadlines', '/requests', '/scoring', '/communities', `/members/${story.members.sun}`];
    if (story.evaluationId) pages.push(`/evaluations/${story.evaluationId}`);
    for (const path of pages) {
      await page.goto(`${base}/console${path}`);
      await page.locator('main h1').first().waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      expect({ path, violations: await cspViolations(page) }).toEqual({ path, violations: [] });
    }
  });

  it('shows each role only its actions: a scorer closes a quarter through the form, and sees no violation form', async () => {
    const other = await newContext(browser);
    const scorer = await other.newPage();
    await signIn(scorer, base, api.token('scorer', { sub: 'scorer-he' }));
    expect((await scorer.locator('[data-testid=role]').first().innerText()).trim()).toBe('考核评分员');
    await scorer.locator('nav >> text=季度考核').click();
    await scorer.locator('[data-testid=quarters-table] td', { hasText: '2026Q4' }).waitFor();
    // Closing a closed quarter answers its decision again (README "For scorers").
    await scorer.locator('input[name=quarter]').fill('2026q4');
    await scorer.locator('[data-testid=close-quarter-form] button[type=submit]').click();
    await scorer.getByText(/2026Q4 已结束：参评 4 人/).waitFor();
    await scorer.goto(`${base}/console/members/${story.members.wu}`);
    await scorer.locator('[data-testid=timeline]').waitFor();
    expect(await scorer.locator('[data-testid=violation-form]').count()).toBe(0);
    expect(await scorer.locator('[data-testid=appeal-form]').count()).toBe(0);
    await other.close();
  });

  it('says in words when the role may not read a page (403), with a way to sign in again', async () => {
    const other = await newContext(browser);
    const expert = await other.newPage();
    await signIn(expert, base, api.token('expert', { sub: 'expert-liu' }));
    await expert.goto(`${base}/console/members`);
    const refusal = expert.locator('[role=alert][data-code=FORBIDDEN]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('当前角色无权进行此操作');
    await refusal.getByRole('button', { name: '重新登录' }).click();
    await expert.locator('textarea[name=token]').waitFor();
    await other.close();
  });

  it('brings the sign-in screen back when the server refuses the token (401)', async () => {
    const other = await newContext(browser);
    const fresh = await other.newPage();
    // Well formed, with a role, but signed with another secret: the server answers 401.
    const forged = signToken('not-the-secret', { sub: 'intruder', roles: ['admin'] });
    await fresh.goto(`${base}/console/`);
    await fresh.locator('textarea[name=token]').fill(forged);
    await fresh.locator('button[type=submit]').click();
    await fresh.getByText('登录已失效，请重新登录。').waitFor();
    await fresh.locator('textarea[name=token]').waitFor();
    await other.close();
  });
});
