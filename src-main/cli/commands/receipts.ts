import type { CommandSpec } from '../spec.js';

export const receiptsCommands: readonly CommandSpec[] = [];
