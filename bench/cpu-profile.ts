// CPU profiles of a benchmark's own process for one stretch of it (written as .cpuprofile files for DevTools).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Profiles `run` into `file` (nothing when `file` is undefined); resolves with what `run` gave. */
export async function profiled<T>(file: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!file) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    console.log(`wrote ${file} (open in Chrome DevTools)`);
    session.disconnect();
  }
}
