import type { CommandSpec } from '../spec.js';

export const einvoiceCommands: readonly CommandSpec[] = [];
