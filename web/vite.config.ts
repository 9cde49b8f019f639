import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.resolve(webDir, '..');

/** Where the API listens during `vite dev`; the built app is served by the API itself. */
const API_TARGET = process.env.TRUCELINE_API ?? 'http://localhost:8080';

export default defineConfig({
  root: webDir,
  base: '/',
  build: {
    outDir: path.resolve(repoDir, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One HTML page per task: the live map, and the pages of issue 6.
    rollupOptions: {
      input: Object.fromEntries(
        ['index', 'login', 'field-report', 'incidents', 'reports', 'admin'].map((page) => [
          page,
          path.resolve(webDir, `${page}.html`),
        ]),
      ),
    },
  },
  server: {
    proxy: {
      // Host stays the dev server's, so it matches the page's Origin (the CSRF check).
      '/api': { target: API_TARGET, ws: true, changeOrigin: false },
    },
  },
});
