import type { CommandSpec } from '../spec.js';
import { auditCommands } from './audit.js';
import { backupsCommands } from './backups.js';
import { bankCommands } from './bank.js';
import { booksCommands } from './books.js';
import { einvoiceCommands } from './einvoice.js';
import { invoicingCommands } from './invoicing.js';
import { receiptsCommands } from './receipts.js';
import { vaultCommands } from './vault.js';

export const COMMANDS: readonly CommandSpec[] = [
  ...vaultCommands,
  ...auditCommands,
  ...invoicingCommands,
  ...receiptsCommands,
  ...bankCommands,
  ...backupsCommands,
  ...booksCommands,
  ...einvoiceCommands,
];
