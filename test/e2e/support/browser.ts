// Headless Chromium (Debian's, through playwright-core) for the browser e2e tests, and their screenshots.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { missingTool } from '../../../src/common/testing/missing-tool.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
export const UI_DIST = join(ROOT, 'ui', 'dist');
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(ROOT, 'test-results', 'screenshots');

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  if (!existsSync(join(UI_DIST, 'index.html')))
    return `the UI is not built (${UI_DIST}/index.html is missing): run npm --prefix ui run build`;
  if (!existsSync(CHROMIUM))
    return missingTool(
      'chromium',
      `no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  return undefined;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Saves `test-results/screenshots/e2e-<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `e2e-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Chromium with a 1400x900 page already signed in to the server at `url` with the session `token` (its cookie). */
export async function signedInBrowser(
  url: string,
  token: string,
): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await launchBrowser();
  try {
    const { context, page } = await newPage(browser);
    await page.setViewportSize({ width: 1400, height: 900 });
    await context.addCookies([{ name: 'argocd.token', value: token, url }]);
    return { browser, context, page };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
