import type { CommandSpec } from '../spec.js';

export const booksCommands: readonly CommandSpec[] = [];
