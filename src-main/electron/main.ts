import { startShell } from './lifecycle.js';

// Entry of the Electron main process (bundled to dist/main/main.cjs).
startShell();
