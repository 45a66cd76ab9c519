import type { CommandSpec } from '../spec.js';

export const bankCommands: readonly CommandSpec[] = [];
