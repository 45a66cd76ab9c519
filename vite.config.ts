import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the renderer (served from app:// in Electron and by the browser
 * host) and configures Vitest for the unit and integration suites.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    // Scripts stay external files: the CSP allows no inline script.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The Svelte compile dominates and is expected; keep `npm start` quiet.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  test: {
    root: projectRoot,
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
