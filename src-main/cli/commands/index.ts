import type { CommandSpec } from '../spec.js';
import { auditCommands } from './audit.js';
import { invoicingCommands } from './invoicing.js';
import { vaultCommands } from './vault.js';

export const COMMANDS: readonly CommandSpec[] = [...vaultCommands, ...auditCommands, ...invoicingCommands];
