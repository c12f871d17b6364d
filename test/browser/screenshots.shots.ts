import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ApiHarness } from '../support/api-harness';
import { launchChromium, newContext, signIn } from './support/browser';
import { tellStory } from './support/story';

/**
 * npm run screenshots (scripts/screenshots.js): the browser tests' story with more members, then
 * one 1440×900 PNG per page of the console into docs/screenshots/ (SCREENSHOTS_DIR), in Chinese
 * (SCREENSHOTS_LANG=en: English). Chinese text needs a CJK font on the machine (Debian:
 * apt-get install -y fonts-noto-cjk).
 */
const OUT = process.env.SCREENSHOTS_DIR ?? join(__dirname, '..', '..', 'docs', 'screenshots');
/** SCREENSHOTS_LANG=en: the English labels (the console's own toggle, preset). */
const LANG = process.env.SCREENSHOTS_LANG === 'en' ? 'en' : 'zh';

it('takes a screenshot of every page of the console', async () => {
  mkdirSync(OUT, { recursive: true });
  const api = await ApiHarness.start();
  // The browser's own UI in the same language (the date inputs' placeholders).
  const browser = await launchChromium({ args: [LANG === 'en' ? '--lang=en-US' : '--lang=zh-CN'] });
  try {
    const story = await tellStory(api, { extraMembers: 24 });
    // An appeal waiting for its answer, for the appeal case view.
    const filed = await api.post(
      `/members/${story.members.zhao}/appeals`,
      { decisionEventId: story.zhaoFineEventId, grounds: '奖项宣传已于 1 月 7 日删除，检查时看到的是缓存页面' },
      'officer',
    );
    if (filed.status !== 201) throw new Error(`appeal: ${filed.status} ${filed.text}`);
    const base = `http://127.0.0.1:${api.port}`;
    const context = await newContext(browser);
    if (LANG === 'en') await context.addInitScript({ content: "localStorage.setItem('opc-console.lang', 'en')" });
    const page: Page = await context.newPage();
    await signIn(page, base, api.token('admin', { sub: 'ops-admin' }));
    const shoot = async (name: string, path: string, ready: (p: Page) => Promise<unknown>) => {
      await page.goto(`${base}/console${path}`);
      await ready(page);
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      await page.screenshot({ path: join(OUT, `${name}.png`) });
    };
    await shoot('dashboard', '/', (p) => p.locator('.chart canvas').nth(3).waitFor());
    await shoot('members', '/members', (p) => p.locator('[data-testid=members-table] tbody tr').nth(5).waitFor());
    // Sun's page at its volunteer service (10 November): the adverts of 2 November were recorded only
    // on the 16th, so "as true then" already shows the warning and the fine that "as known then" does not.
    await shoot('member-timeline', `/members/${story.members.sun}`, async (p) => {
      await p.locator('[data-testid=timeline]').waitFor();
      await p.locator('[data-event-type="VolunteerServiceRecorded.v1"] button.link-button.strong').click();
      await p
        .locator('[data-testid=asof-position]', { hasText: LANG === 'en' ? 'Volunteer service recorded' : '登记志愿服务' })
        .waitFor();
      await p.locator('[data-testid=asof-table] tr.differs').first().waitFor();
      // The timeline and the as-of panel, below the member's current state.
      await p.evaluate('window.scrollTo(0, 400)');
    });
    await shoot('appeal-case', `/appeals/${filed.body.id}`, (p) => p.locator('[data-testid=rule-text-zh]').waitFor());
    await shoot('deadlines', '/deadlines', (p) => p.locator('[data-testid=deadlines-table] tbody tr').first().waitFor());
    await shoot('requests', '/requests', (p) => p.locator('main h1').first().waitFor());
    await shoot('communities', '/communities', (p) => p.locator('main h1').first().waitFor());
    if (story.evaluationId)
      await shoot('evaluation', `/evaluations/${story.evaluationId}`, (p) => p.locator('.chart canvas').first().waitFor());
    await shoot('scoring', '/scoring', (p) => p.locator('[data-testid=quarters-table] tbody tr').first().waitFor());
  } finally {
    await browser.close();
    await api.stop();
  }
});
