import type { CommandSpec } from '../spec.js';
import { auditCommands } from './audit.js';
import { vaultCommands } from './vault.js';

export const COMMANDS: readonly CommandSpec[] = [...vaultCommands, ...auditCommands];
