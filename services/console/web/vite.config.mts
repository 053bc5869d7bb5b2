// Builds the console's SPA into dist/console-web, served by services/console/src (npm run build).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.resolve(here, '../../../dist/console-web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      // Ant Design marks its modules "use client" for server rendering; a client-only bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite services/console/web` during development: the API through the running console server.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
