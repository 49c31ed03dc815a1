// The client side of bench/api.ts, run as a separate process: paged list load, whole lists and SSE fan-out.
// `quiet` runs everything; `reconciling` the list load (the apps change meanwhile). Prints figures only.
// The paged load times each request on the wire (sent → last byte) and parses no page: 50 clients in one
// process parsing ~200 KiB of JSON per page measured this driver's event loop more than the server.
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { brotliDecompressSync } from 'node:zlib';
import { ApiClient } from '../src/server/api-client.js';

const [mode = 'quiet', url = '', token = '', names = ''] = process.argv.slice(2);
const CLIENTS = Number(process.env.CLIENTS ?? 50);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);
const UPDATES = Number(process.env.UPDATES ?? 50);
const appNames = names.split(',');
const load = () => `load ${loadavg()[0]?.toFixed(1)}`;
// The applications page's selection (ui/src/api/client.ts APP_LIST_FIELDS).
const UI_FIELDS = [
  'items.metadata.name',
  'items.metadata.namespace',
  'items.metadata.labels',
  'items.metadata.resourceVersion',
  'items.metadata.deletionTimestamp',
  'items.spec.project',
  'items.spec.source',
  'items.spec.sources',
  'items.spec.destination',
  'items.status.sync.status',
  'items.status.sync.revision',
  'items.status.health',
  'items.status.conditions',
  'items.status.operationState.phase',
  'items.status.operationState.finishedAt',
  'items.status.history.deployedAt',
];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function client(compressed: boolean): ApiClient {
  const c = new ApiClient(url, token);
  if (!compressed) c.acceptEncoding = undefined;
  return c;
}

/** One page on the wire: status, the whole body as received (compressed when asked), ms from send to last byte. */
function getPage(
  agent: Agent,
  path: string,
  compressed: boolean,
): Promise<{ status: number; body: Buffer; ms: number }> {
  const s = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      {
        agent,
        headers: { Authorization: `Bearer ${token}`, ...(compressed ? { 'Accept-Encoding': 'br' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - s }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The next page's token: near the start of the body (`{"metadata":{"continue":…`), read without parsing the page. */
function continueOf(body: Buffer, compressed: boolean): string | undefined {
  const head = (compressed ? brotliDecompressSync(body) : body).subarray(0, 512).toString();
  return /"continue":"([^"]+)"/.exec(head)?.[1];
}

/** CLIENTS clients (one kept-alive connection each) paging through the list (limit=100) until REQUESTS requests. */
async function pagedList(compressed: boolean): Promise<void> {
  const lat: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let cont: string | undefined;
      while (next++ < REQUESTS) {
        try {
          const page = await getPage(
            agent,
            `/api/v1/applications?limit=100${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
            compressed,
          );
          if (page.status !== 200) throw new Error(`HTTP ${page.status}`);
          lat.push(page.ms);
          cont = continueOf(page.body, compressed);
        } catch {
          errors++;
          cont = undefined;
        }
      }
      agent.destroy();
    }),
  );
  const sec = (performance.now() - t0) / 1000;
  console.log(
    `GET /api/v1/applications?limit=100${compressed ? ' (br)' : ''}, ${CLIENTS} clients, sent → last byte: ` +
      `${lat.length} requests, ${errors} errors, p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, ` +
      `${(lat.length / sec).toFixed(0)} req/s (${load()})`,
  );
}

/** The whole list in one request: everything, 3 fields, the UI's fields (median of 5 after one warm-up). */
async function wholeLists(): Promise<void> {
  for (const [what, fields] of [
    ['whole apps', undefined],
    ['3 fields', ['items.metadata.name', 'items.status.sync.status', 'items.status.health']],
    ["the UI's fields", UI_FIELDS],
  ] as const) {
    for (const compressed of [false, true]) {
      const c = client(compressed);
      const ms: number[] = [];
      let kib = 0;
      let items = 0;
      for (let i = 0; i < 6; i++) {
        const s = performance.now();
        const all = await c.listApplications(fields ? { fields: [...fields] } : {});
        if (i > 0) ms.push(performance.now() - s);
        items = all.items.length;
        kib = JSON.stringify(all).length / 1024;
      }
      c.close();
      console.log(
        `GET /api/v1/applications (all ${items}, one request, ${what}${compressed ? ', br' : ''}): ` +
          `median ${pct(ms, 50).toFixed(1)} ms, ${kib.toFixed(0)} KiB decoded (${load()})`,
      );
    }
  }
}

async function fanOut(): Promise<void> {
  // One controller per stream: a signal shared by 50 requests collects 50 abort listeners (Node warns at 11).
  const aborts = Array.from({ length: CLIENTS }, () => new AbortController());
  const lat: number[] = [];
  let ready = 0;
  const streams = aborts.map(async (abort) => {
    const c = new ApiClient(url, token);
    let initial = 0;
    try {
      for await (const ev of c.watchApplications({}, abort.signal)) {
        if (ev.type === 'ADDED' && ++initial === appNames.length) ready++;
        const ts = Number(ev.application.metadata.labels?.['bench-ts'] ?? 0);
        if (ev.type === 'MODIFIED' && ts > 0) lat.push(Date.now() - ts);
      }
    } catch {
      // aborted at the end
    }
    c.close();
  });
  const t0 = Date.now();
  while (ready < CLIENTS && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 20));
  console.log(
    `SSE: ${CLIENTS} streams received the initial ${appNames.length} apps each in ${Date.now() - t0} ms (${load()})`,
  );
  const writer = new ApiClient(url, token);
  for (let i = 0; i < UPDATES; i++) {
    const name = appNames[i % appNames.length] ?? '';
    await writer.patchApplication(name, { metadata: { labels: { 'bench-ts': String(Date.now()) } } });
  }
  writer.close();
  const want = UPDATES * CLIENTS;
  const t1 = Date.now();
  while (lat.length < want && Date.now() - t1 < 60_000) await new Promise((r) => setTimeout(r, 20));
  for (const a of aborts) a.abort();
  await Promise.allSettled(streams);
  console.log(
    `SSE fan-out: ${UPDATES} updates × ${CLIENTS} clients = ${lat.length}/${want} events, ` +
      `write→client p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms (${load()})`,
  );
}

await pagedList(false);
await pagedList(true);
await wholeLists();
if (mode === 'quiet') await fanOut();
