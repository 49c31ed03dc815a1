// Vite config: builds the SPA into dist/; in dev and preview, /api is proxied to DRIFTLESS_API (the mock or a real server).
import { defineConfig } from 'vite';

const api = process.env['DRIFTLESS_API'] ?? 'http://127.0.0.1:8090';
const proxy = { '/api': { target: api, changeOrigin: false } };

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy },
  preview: { proxy },
});
