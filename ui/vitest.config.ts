// Component and logic tests (happy-dom); browser tests live in e2e/ with their own config.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
