import type { Migration } from '../migration.js';
import { init } from './0001-init.js';
import { migration0002People } from './0002-people.js';
import { migration0003Invoicing } from './0003-invoicing.js';
import { migration0004Receipts } from './0004-receipts.js';
import { migration0005Bank } from './0005-bank.js';
import { migration0006Backups } from './0006-backups.js';
import { migration0007Books } from './0007-books.js';
import { migration0008EInvoice } from './0008-einvoice.js';
import { migration0009BankFtsBulk } from './0009-bank-fts-bulk.js';
import { migration0010BankSupplierMatches } from './0010-bank-supplier-matches.js';
import { migration0011EInvoiceIssue } from './0011-einvoice-issue.js';
import { migration0012BankSpeed } from './0012-bank-speed.js';
import { migration0013BankDatedDedupKeys } from './0013-bank-dated-dedup-keys.js';
import { migration0014RecurringTerms } from './0014-recurring-terms.js';
import { migration0015RecurringServicePeriod } from './0015-recurring-service-period.js';
import { migration0016BankAmountInDateIndex } from './0016-bank-amount-in-date-index.js';

/** In version order, gapless. Append new migrations at the end; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  init,
  migration0002People,
  migration0003Invoicing,
  migration0004Receipts,
  migration0005Bank,
  migration0006Backups,
  migration0007Books,
  migration0008EInvoice,
  migration0009BankFtsBulk,
  migration0010BankSupplierMatches,
  migration0011EInvoiceIssue,
  migration0012BankSpeed,
  migration0013BankDatedDedupKeys,
  migration0014RecurringTerms,
  migration0015RecurringServicePeriod,
  migration0016BankAmountInDateIndex,
];
