import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium (apt-get install -y chromium), driven by playwright-core: no browser is ever
 * downloaded. Pages record Content-Security-Policy violations, so a test can assert there were none.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(options: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...(options.args ?? [])],
  });
}

const RECORD_CSP_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
  });
`;

export async function newContext(browser: Browser, options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await context.addInitScript({ content: RECORD_CSP_VIOLATIONS });
  return context;
}

/** The CSP violations the page recorded since it loaded. */
export const cspViolations = (page: Page): Promise<string[]> =>
  page.evaluate('window.__cspViolations || []') as Promise<string[]>;

/** Opens the console and signs in with the token; answers once the top bar shows a role. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.locator('textarea[name=token]').fill(token);
  await page.locator('button[type=submit]').click();
  await page.locator('[data-testid=role]').first().waitFor();
}
