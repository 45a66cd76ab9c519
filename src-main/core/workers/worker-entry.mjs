// Runs the TypeScript worker straight from the source tree (tests, tsx
// scripts); the build bundles worker.ts to dist/workers/worker.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
