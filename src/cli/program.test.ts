import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram, commandOf } from './program.js';

test('a run names its top-level command; a bare --version names none; help and typos load all', () => {
  assert.deepEqual(commandOf(['app', 'get', 'x', '-o', 'json']), ['app']);
  assert.deepEqual(commandOf(['--version']), []);
  assert.equal(commandOf(['--help']), undefined);
  assert.equal(commandOf([]), undefined);
});

test('the program loads only the commands asked for, and all of them for help or an unknown name', async () => {
  const names = async (only?: string[]) => (await buildProgram(only)).commands.map((c) => c.name());
  assert.deepEqual(await names(['app']), ['app']);
  assert.deepEqual(await names([]), []);
  const all = await names(undefined);
  assert.ok(all.includes('server') && all.includes('app') && all.includes('cluster'), all.join(','));
  assert.deepEqual(await names(['no-such-command']), all);
});

test('`app` loads only the subcommand run (aliases too); help or an unknown one loads them all', async () => {
  const subs = async (args: string[]) => {
    const app = (await buildProgram(['app'], args)).commands.find((c) => c.name() === 'app');
    return app?.commands.map((c) => c.name()) ?? [];
  };
  assert.deepEqual(await subs(['app', 'get', 'web', '-o', 'json']), ['get']);
  assert.deepEqual(await subs(['--insecure', 'app', 'ls']), ['list']);
  const all = await subs(['app', '--help']);
  assert.ok(all.includes('get') && all.includes('sync') && all.includes('patch-resource'), all.join(','));
  assert.deepEqual(await subs(['app', 'no-such-subcommand']), all);
});
