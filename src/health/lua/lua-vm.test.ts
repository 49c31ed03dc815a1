import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../model/index.js';
import type { HealthStatus } from '../types.js';
import { luaAssessor } from './lua-assessor.js';
import { LuaVm } from './lua-vm.js';

const vm = new LuaVm();
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', labels: { app: 'web' } },
  spec: { replicas: 3, ratio: 2.5, big: 5_000_000_000, empty: null, ports: [80, 443], flag: false },
};
const run = (script: string, obj: KubeObject = pod, timeoutMs = 200): HealthStatus =>
  luaAssessor(script, { vm, timeoutMs }).assess(obj);
/** Runs `expr` in the sandbox and returns what it gives, as text (in the message). */
const show = (expr: string): string | undefined =>
  run(`return {status = "Healthy", message = tostring(${expr})}`).message;

test('obj arrives as a Lua table: 1-based arrays, nulls nil, numbers printed as Lua 5.1 does', () => {
  assert.equal(show('obj.metadata.labels.app'), 'web');
  assert.equal(show('#obj.spec.ports .. ":" .. obj.spec.ports[1] .. ":" .. obj.spec.ports[2]'), '2:80:443');
  assert.equal(show('obj.spec.empty == nil and obj.spec.flag == false'), 'true');
  assert.equal(show('obj.spec.replicas .. " " .. obj.spec.ratio .. " " .. obj.spec.big'), '3 2.5 5000000000');
  assert.equal(show('6 / 2'), '3'); // Lua 5.3 would say 3.0
  assert.equal(show('obj.spec.replicas * 1000000000'), '3000000000'); // no 32-bit wrap
  assert.equal(show('os.time() + 2000000000 > 0'), 'true');
  assert.equal(show('obj.spec.replicas == 3 and obj.spec.ports[1] // 1 == 80'), 'true');
});

test('sandbox: only base, table, string, math and os.time/os.date', () => {
  for (const name of [
    'io',
    'require',
    'dofile',
    'loadfile',
    'package',
    'debug',
    'coroutine',
    'collectgarbage',
    'os.execute',
    'os.exit',
    'os.getenv',
    'os.remove',
    'os.rename',
    'os.tmpname',
    'string.dump',
  ])
    assert.equal(show(`${name}`), 'nil', name);
  assert.match(run('require("os")').message ?? '', /attempt to call a nil value \(global 'require'\)/);
  assert.match(show('os.time()') ?? '', /^\d{10}$/);
  assert.equal(show('os.date("!%Y-%m-%dT%H:%M:%SZ", 86400)'), '1970-01-02T00:00:00Z');
  assert.equal(show('os.date("!*t", 0).year'), '1970');
  assert.equal(show('os.time({year = 2024, month = 1, day = 1}) > 0'), 'true');
  assert.equal(
    show('string.format("%s-%d", ("ab"):upper(), 7) .. math.max(1, 2) .. table.concat({1, 2}, ",")'),
    'AB-721,2',
  );
});

test('sandbox: no bytecode, no escape through load or the string metatable', () => {
  assert.equal(show('select(2, load("\\27Lua\\83\\0"))'), "attempt to load a binary chunk (mode is 't')");
  assert.equal(show('load("return io")()'), 'nil');
  assert.equal(show('loadstring("return obj.kind")()'), 'Pod');
  assert.equal(show('getmetatable("")'), 'false');
  assert.match(run('local s = string.rep("x", 1e9)').message ?? '', /string\.rep: result would be too large/);
});

test('sandbox: each run starts with fresh globals and libraries', () => {
  run('leaked = "yes"; string.upper = nil; table.insert = nil; return {status = "Healthy"}');
  assert.equal(run('getmetatable(string).__index = {}').status, 'Unknown');
  assert.equal(run('setmetatable(_G, {})').status, 'Unknown');
  assert.equal(show('getmetatable(_G)'), 'false');
  assert.equal(show('leaked'), 'nil');
  assert.equal(show('string.upper("a") .. type(table.insert) .. ("b"):upper()'), 'AfunctionB');
});

test('Lua 5.1 names that scripts written for Argo CD use', () => {
  assert.equal(show('unpack({1, 2})'), '1');
  assert.equal(show('table.getn({1, 2, 3}) + table.maxn({[7] = true})'), '10');
  assert.equal(show('math.pow(2, 3) + math.log10(100) + math.mod(7, 4)'), '13');
  assert.equal(show('type(string.gfind)'), 'function');
});

test('failures are Unknown with the reason, and the VM goes on working', () => {
  const cases: [string, string, RegExp][] = [
    ['syntax error', 'hs = {', /^health\.lua:1: unexpected symbol near <eof>$/],
    [
      'runtime error',
      'return obj.status.phase',
      /^health\.lua:1: attempt to index a nil value \(field 'status'\)$/,
    ],
    ['error()', 'error("no way")', /^health\.lua:1: no way$/],
    ['error with a table', 'error({})', /raised a table value/],
    ['no return', 'local x = 1', /expected a table from the health script, not nil/],
    ['wrong return type', 'return "Healthy"', /expected a table from the health script, not string/],
    ['invalid status', 'return {status = "Fine"}', /invalid health status "Fine"/],
    ['missing status', 'return {message = "m"}', /invalid health status \(none\)/],
    ['message not text', 'return {status = "Healthy", message = {}}', /message that is a table/],
  ];
  for (const [name, script, want] of cases) {
    const h = run(script);
    assert.equal(h.status, 'Unknown', name);
    assert.match(h.message ?? '', want, name);
  }
  assert.deepEqual(run('return {status = "Healthy", message = 42}'), { status: 'Healthy', message: '42' });
  assert.deepEqual(run('return {status = "Degraded", message = ""}'), { status: 'Degraded' });
});

test('time limit: loops stop, even inside pcall/xpcall, and the next run is fine', () => {
  for (const script of [
    'while true do end',
    'while true do pcall(function() while true do end end) end',
    'local function spin() while true do end end while true do xpcall(spin, spin) end',
    'local function f() return f() end return f()',
    // Overflowing fengari's stack takes longer than the limit; either way it is stopped.
    'local function f() return 1 + f() end return f()',
  ]) {
    const t0 = performance.now();
    const h = run(script, pod, 100);
    assert.deepEqual(h, { status: 'Unknown', message: 'health script did not finish within 100 ms' }, script);
    assert.ok(performance.now() - t0 < 1000, script);
  }
  assert.deepEqual(run('return {status = "Healthy"}'), { status: 'Healthy' });
});

test('time limit: the default is 1 s, as Argo CD', () => {
  const t0 = performance.now();
  const h = luaAssessor('while true do end', { vm }).assess(pod);
  const took = performance.now() - t0;
  assert.deepEqual(h, { status: 'Unknown', message: 'health script did not finish within 1000 ms' });
  assert.ok(took >= 1000 && took < 2500, `took ${took} ms`);
});

test('each script text is compiled once', () => {
  const own = new LuaVm();
  const a = luaAssessor('return {status = "Healthy"}', { vm: own });
  for (let i = 0; i < 50; i++) a.assess(pod);
  luaAssessor('return {status = "Healthy"}', { vm: own }).assess(pod);
  assert.equal(own.cachedScripts, 1);
  assert.equal(own.compileError('x ='), 'health.lua:1: unexpected symbol near <eof>');
  assert.equal(own.compileError('return 1'), undefined);
});
