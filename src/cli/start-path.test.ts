// What `driftless --version` and `driftless app get` load before they run: the static import closure of the
// compiled modules, which must stay free of zod, yaml and the server, controller and renderer code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = resolve(here, '..');
// Static `import … from '…'`, `import '…'` and `export … from '…'`; `import('…')` is lazy and skipped.
const STATIC = /(?:^|[;\n])\s*(?:import|export)\s+(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g;

/** Every module a file loads at once (relative paths from src/, packages and builtins by name). */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const files = [resolve(here, entry)];
  for (let file = files.pop(); file !== undefined; file = files.pop()) {
    const name = relative(srcRoot, file);
    if (seen.has(name)) continue;
    seen.add(name);
    for (const [, spec = ''] of readFileSync(file, 'utf8').matchAll(STATIC)) {
      if (spec.startsWith('.')) files.push(join(dirname(file), spec));
      else seen.add(spec);
    }
  }
  return seen;
}

function assertLean(entry: string): void {
  const loaded = [...staticClosure(entry)];
  const heavy = loaded.filter(
    (m) =>
      m === 'zod' ||
      m === 'yaml' ||
      // The model's index loads every model module; the start path imports the one it uses.
      m === 'model/index.js' ||
      /^(controller|render|sync|diff|health|kube\/client|main|policy|appset|notify)\b/.test(m) ||
      (m.startsWith('server/') && !m.startsWith('server/api-client')),
  );
  assert.deepEqual(heavy, [], `${entry} loads at start: ${heavy.join(', ')}`);
}

test('`driftless --version` loads only the version reader: not even commander', () => {
  const loaded = [...staticClosure('main.js')].filter((m) => !m.startsWith('node:'));
  assert.deepEqual(loaded.sort(), ['cli/main.js', 'cli/package-version.js', 'common/package-root.js']);
});

test('every other command loads the program and commander', () => {
  const loaded = [...staticClosure('program.js')].filter((m) => !m.startsWith('node:'));
  assert.deepEqual(loaded.sort(), [
    'cli/package-version.js',
    'cli/program.js',
    'commander',
    'common/package-root.js',
  ]);
});

test('`driftless app get` loads no zod, yaml, server, controller or renderer module at start', () => {
  assertLean('commands/app.js');
  assertLean('commands/app-list.js');
  // The guard sees what it guards: the model and the API client are on the path.
  const loaded = staticClosure('commands/app-list.js');
  assert.ok(loaded.has('model/application.js') && loaded.has('server/api-client.js'), [...loaded].join(', '));
});
