// The Go template engine (WebAssembly): first-call cost, render calls/s and expr evaluations/s.
import { evaluate } from '../src/gotmpl/expr.js';
import { renderFast } from '../src/gotmpl/fasttemplate.js';
import { render, renderMany } from '../src/gotmpl/render.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [N=20000] node dist/bench/gotemplate.js
The Go template engine (WebAssembly): first-call cost, render calls/s and expr evaluations/s over N calls.
  -h, --help  this text`;
benchArgs(USAGE, {});

const N = Number(process.env.N ?? 20000);
const params = { name: 'prod-eu', server: 'https://10.0.0.1', metadata: { labels: { env: 'production' } } };

function rate(label: string, n: number, fn: (i: number) => void): void {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const ms = performance.now() - t0;
  console.log(`${label}: ${Math.round((n / ms) * 1000)} calls/s (${(ms / n).toFixed(3)} ms/call)`);
}

const t0 = performance.now();
render('{{.name}}', params);
console.log(`first call (load + compile the module): ${Math.round(performance.now() - t0)} ms`);

rate('render one template (cached parse)', N, () => render('{{.name}}-platform-api', params));
rate('render one template with sprig pipeline', N, () =>
  render('{{ .metadata.labels.env | upper | trunc 4 }}', params),
);
rate('render distinct templates (parse each)', N / 4, (i) => render(`{{.name}}-${i}`, params));
const fields = [
  '{{.name}}-platform-api',
  'default',
  '{{.server}}',
  'platform-api',
  'apps/{{.metadata.labels.env}}',
];
rate('renderMany: one Application template (5 fields) per call', N / 4, () => renderMany(fields, params));
rate('expr condition', N, () => evaluate("app.phase in ['Error', 'Failed']", { app: { phase: 'Failed' } }));
rate('fasttemplate (TypeScript)', N * 10, () => renderFast('{{name}}-platform-api', { name: 'prod-eu' }));
