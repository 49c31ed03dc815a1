// bench/ui: 10,000 Applications in the (mock) API; time to first meaningful paint of the list and time for a
// filter change, in headless Chromium. Prints figures; asserts nothing. Usage: npm run bench [-- --apps 10000]
// Against a real `driftless server` instead of the mock: npm run bench -- --api URL --apps N (the server
// holds exactly N apps; the admin password comes from DRIFTLESS_BENCH_PASSWORD).
import type { Page } from 'playwright-core';
import { startMockApi } from '../dev/mock-api.ts';
import { launchBrowser, newPage, startPreview } from '../e2e/harness.ts';

const argAt = process.argv.indexOf('--apps');
const APPS = argAt > 0 ? Number(process.argv[argAt + 1]) : 10_000;
const RUNS = 5;
const apiAt = process.argv.indexOf('--api');
const REAL_API = apiAt > 0 ? process.argv[apiAt + 1] : undefined;
// The mock adds two apps of its own to the ones asked for.
const TOTAL = REAL_API ? APPS : APPS + 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

/** Records, in the page, when the first app tile is painted (ms since navigation start). A string, because
 * tsx would wrap a function's inner names in a helper that does not exist in the page. */
const PAINT_PROBE = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('.tile')) {
      obs.disconnect();
      requestAnimationFrame(() => { window.__firstTile = performance.now(); });
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function firstPaint(page: Page, url: string): Promise<{ firstTile: number; allLoaded: number }> {
  await page.goto(`${url}/applications`);
  await page.waitForFunction('window.__firstTile !== undefined', undefined, { timeout: 60_000 });
  const firstTile = (await page.evaluate('window.__firstTile')) as number;
  await page.waitForFunction(
    `document.querySelector('.summary-total strong')?.textContent === '${TOTAL.toLocaleString('en-US')}' && !document.querySelector('.loading-more')`,
    undefined,
    { timeout: 120_000 },
  );
  const allLoaded = (await page.evaluate('performance.now()')) as number;
  return { firstTile, allLoaded };
}

/** Time from a filter control's click to the frame after the list shows the new result. */
const FILTER_PROBE = (act: string) => `(async () => {
  const total = () => document.querySelector('.summary-total')?.textContent ?? '';
  const before = total();
  const t0 = performance.now();
  if (${JSON.stringify(act)} === 'sync') document.querySelector('input[type=checkbox]').click();
  else {
    const input = document.querySelector('input[type=search]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${JSON.stringify(act)} === 'search' ? 'billing' : '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await new Promise((resolve) => {
    const poll = () => (total() !== before ? requestAnimationFrame(() => resolve()) : requestAnimationFrame(poll));
    poll();
  });
  return performance.now() - t0;
})()`;

async function filterChange(page: Page, action: 'sync' | 'search' | 'clear'): Promise<number> {
  return (await page.evaluate(FILTER_PROBE(action))) as number;
}

const mock = REAL_API ? undefined : await startMockApi({ port: 0, apps: APPS });
const ui = await startPreview(REAL_API ?? mock?.url ?? '');
const browser = await launchBrowser();
try {
  const { page, context } = await newPage(browser);
  await context.addInitScript({ content: PAINT_PROBE });
  // Sign in once through the API; the session cookie then authenticates every load.
  await page.goto(ui.url);
  if (REAL_API) await page.getByLabel('Username').fill('admin');
  await page
    .getByLabel('Password')
    .fill(REAL_API ? (process.env['DRIFTLESS_BENCH_PASSWORD'] ?? '') : 'password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  const paints: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await firstPaint(page, ui.url);
    paints.push(r.firstTile);
    loads.push(r.allLoaded);
  }
  const filters: Record<string, number[]> = { 'status checkbox': [], 'search text': [], 'clear search': [] };
  // The filter figures need the mock's mix of statuses and names; against a real server only the paint counts.
  for (let i = 0; i < (REAL_API ? 0 : RUNS); i++) {
    filters['status checkbox']?.push(await filterChange(page, 'sync'));
    filters['status checkbox']?.push(await filterChange(page, 'sync'));
    filters['search text']?.push(await filterChange(page, 'search'));
    filters['clear search']?.push(await filterChange(page, 'clear'));
  }
  console.log(
    `bench/ui — ${TOTAL.toLocaleString('en-US')} applications (${REAL_API ? 'a real driftless server' : 'mock API'}), headless Chromium, median of ${RUNS} runs`,
  );
  console.log(
    `  first meaningful paint of the list (first tiles, from navigation start): ${fmt(median(paints))}  [runs: ${paints.map(fmt).join(', ')}]`,
  );
  console.log(
    `  all ${TOTAL.toLocaleString('en-US')} apps loaded and counted (from navigation start):       ${fmt(median(loads))}`,
  );
  for (const [k, v] of Object.entries(filters))
    if (v.length > 0)
      console.log(
        `  filter change, ${k.padEnd(16)} → list repainted: ${fmt(median(v))}  [max ${fmt(Math.max(...v))}]`,
      );
  await context.close();
} finally {
  await browser.close();
  await ui.stop();
  await mock?.close();
}
