// The client side of bench/api.ts, run as a separate process: paged list load and SSE fan-out latency.
import { ApiClient } from '../src/server/api-client.js';

const [url = '', token = '', names = ''] = process.argv.slice(2);
const CLIENTS = Number(process.env.CLIENTS ?? 50);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);
const UPDATES = Number(process.env.UPDATES ?? 50);
const appNames = names.split(',');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function pagedList(): Promise<void> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new ApiClient(url, token);
      let cont: string | undefined;
      while (next++ < REQUESTS) {
        const s = performance.now();
        const page = await c.listApplications({ limit: 100, ...(cont ? { continue: cont } : {}) });
        lat.push(performance.now() - s);
        cont = page.metadata.continue;
      }
    }),
  );
  const sec = (performance.now() - t0) / 1000;
  console.log(
    `GET /api/v1/applications?limit=100, ${CLIENTS} clients: ${lat.length} requests, ` +
      `p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, ${(lat.length / sec).toFixed(0)} req/s`,
  );
  for (const fields of [
    undefined,
    ['items.metadata.name', 'items.status.sync.status', 'items.status.health'],
  ]) {
    const s = performance.now();
    const all = await new ApiClient(url, token).listApplications(fields ? { fields } : {});
    console.log(
      `GET /api/v1/applications (all ${all.items.length}, one request${fields ? ', 3 fields' : ''}): ` +
        `${(performance.now() - s).toFixed(1)} ms, ${(JSON.stringify(all).length / 1024).toFixed(0)} KiB`,
    );
  }
}

async function fanOut(): Promise<void> {
  const abort = new AbortController();
  const lat: number[] = [];
  let ready = 0;
  const streams = Array.from({ length: CLIENTS }, async () => {
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
  });
  const t0 = Date.now();
  while (ready < CLIENTS && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 50));
  console.log(
    `SSE: ${CLIENTS} streams received the initial ${appNames.length} apps each in ${Date.now() - t0} ms`,
  );
  const writer = new ApiClient(url, token);
  for (let i = 0; i < UPDATES; i++) {
    const name = appNames[i % appNames.length] ?? '';
    await writer.patchApplication(name, { metadata: { labels: { 'bench-ts': String(Date.now()) } } });
  }
  const want = UPDATES * CLIENTS;
  const t1 = Date.now();
  while (lat.length < want && Date.now() - t1 < 60_000) await new Promise((r) => setTimeout(r, 50));
  abort.abort();
  await Promise.allSettled(streams);
  console.log(
    `SSE fan-out: ${UPDATES} updates × ${CLIENTS} clients = ${lat.length}/${want} events, ` +
      `write→client p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms`,
  );
}

await pagedList();
await fanOut();
