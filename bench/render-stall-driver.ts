// The client side of bench/render-stall.ts, a separate process: GET /api/version latency, sampled
// every 20 ms for a number of seconds or until the parent says stop, printed as p50/p99/max.
const [url = '', seconds = '10', label = ''] = process.argv.slice(2);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

const lat: number[] = [];
let end = Date.now() + Number(seconds) * 1000;
process.on('message', () => (end = 0));
let errors = 0;
while (Date.now() < end) {
  const s = performance.now();
  try {
    await (await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(30_000) })).text();
    lat.push(performance.now() - s);
  } catch {
    errors++;
  }
  await new Promise((r) => setTimeout(r, 20));
}
console.log(
  `${label}: ${lat.length} requests, p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, ` +
    `max ${Math.max(...lat).toFixed(1)} ms, errors ${errors}`,
);
process.disconnect?.();
