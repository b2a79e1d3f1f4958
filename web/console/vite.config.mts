import { defineConfig } from 'vite';

// The console is served by public-api at `/` (same origin as the API: no CORS). `vite` alone (dev server)
// proxies the API to a running `npm start` (CONSOLE_API_URL, default public-api's default port).
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: true, target: 'es2022' },
  server: {
    proxy: { '/v1': process.env['CONSOLE_API_URL'] ?? 'http://127.0.0.1:8084' },
  },
});
