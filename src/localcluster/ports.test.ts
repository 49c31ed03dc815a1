import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort, freePorts, isPortInUse } from './ports.js';

test('freePorts returns distinct ports even when the picker repeats itself', async () => {
  const seq = [5000, 5000, 5001, 5001, 5002];
  let i = 0;
  const ports = await freePorts(3, async () => seq[i++] ?? 9999);
  assert.deepEqual(ports, [5000, 5001, 5002]);
});

test('freePorts gives up instead of looping forever', async () => {
  await assert.rejects(
    freePorts(2, async () => 7000),
    /distinct free ports/,
  );
});

test('a port we hold is in use; a released one is free', async () => {
  const port = await freePort();
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  assert.equal(await isPortInUse(port), true);
  await new Promise<void>((r) => srv.close(() => r()));
  assert.equal(await isPortInUse(port), false);
});
