// Bundles everything that runs outside the renderer with esbuild:
// Electron main and preload (the preload as ONE CommonJS file, so the
// sandbox can stay on), the CLI, the standalone browser host and its bridge.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  target: 'node20',
  platform: 'node',
  format: 'cjs',
  define: { __SEALBOOK_VERSION__: JSON.stringify(version) },
};

await Promise.all([
  // Dependencies stay in node_modules (native modules cannot be bundled).
  build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist/main/main.cjs', packages: 'external' }),
  build({ ...common, entryPoints: ['src-main/cli/main.ts'], outfile: 'dist/cli/sealbook.cjs', packages: 'external' }),
  build({ ...common, entryPoints: ['src-main/host/serve.ts'], outfile: 'dist/host/serve.cjs', packages: 'external' }),
  // The worker pool's thread (src-main/core/workers), found beside the bundles as ../workers/worker.cjs.
  build({ ...common, entryPoints: ['src-main/core/workers/worker.ts'], outfile: 'dist/workers/worker.cjs', packages: 'external' }),
  // A sandboxed preload may only require('electron'): bundle all the rest.
  build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['src-renderer/host-bridge/bridge.ts'],
    outfile: 'dist/host/bridge.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2023',
  }),
]);
console.log('build-main: dist/main, dist/cli, dist/host written');
