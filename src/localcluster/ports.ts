// Free loopback ports, chosen at start so several clusters can run side by side.
import { createServer } from 'node:net';

/** Asks the kernel for a free port on 127.0.0.1 (bind to 0, read, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number, pick: () => Promise<number> = freePort): Promise<number[]> {
  const ports = new Set<number>();
  let attempts = 0;
  while (ports.size < count) {
    if (++attempts > count * 20) throw new Error(`could not find ${count} distinct free ports`);
    ports.add(await pick());
  }
  return [...ports];
}

/** Whether something is already listening on 127.0.0.1:port. */
export function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(false)));
  });
}
