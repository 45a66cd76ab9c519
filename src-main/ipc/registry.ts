import type { Handlers } from './handlers.js';
import { appHandlers } from './handlers/app.js';
import { backupsHandlers } from './handlers/backups.js';
import { bankHandlers } from './handlers/bank.js';
import { booksHandlers } from './handlers/books.js';
import { einvoiceHandlers } from './handlers/einvoice.js';
import { receiptsHandlers } from './handlers/receipts.js';
import { auditHandlers } from './handlers/audit.js';
import { invoicingHandlers } from './handlers/invoicing.js';
import { jobHandlers } from './handlers/jobs.js';
import { sessionHandlers } from './handlers/session.js';
import { settingsHandlers } from './handlers/settings.js';
import { userHandlers } from './handlers/users.js';
import { vaultHandlers } from './handlers/vault.js';

/**
 * Every feature's handler map in one object. Typed as `Handlers`, so a
 * contract channel without a handler does not compile; the contract test
 * checks the converse at run time.
 */
export function createHandlers(): Handlers {
  return {
    ...appHandlers,
    ...vaultHandlers,
    ...sessionHandlers,
    ...userHandlers,
    ...settingsHandlers,
    ...auditHandlers,
    ...jobHandlers,
    ...invoicingHandlers,
    ...receiptsHandlers,
    ...bankHandlers,
    ...backupsHandlers,
    ...booksHandlers,
    ...einvoiceHandlers,
  };
}
