import type { CommandSpec } from '../spec.js';

export const backupsCommands: readonly CommandSpec[] = [];
