import type { BOOKS_CONTRACT } from '../../../src-shared/contract-books.js';
import type { BooksContext } from '../../core/books/context.js';
import { getEntry, listEntries } from '../../core/books/entries.js';
import { attachmentFile, exportFile, reportFile, reportTable } from '../../core/books/files.js';
import { discardDraft, reverseEntry } from '../../core/books/ledger.js';
import { draftManualEntry, postDraft, postManualEntry, postOpeningBalances } from '../../core/books/manual.js';
import { closePeriod, listClosedPeriods, reopenPeriod } from '../../core/books/periods.js';
import { createRecurringEntry, deleteRecurringEntry, listRecurringEntries, runDueRecurringEntries, setRecurringActive } from '../../core/books/recurring.js';
import { dashboard } from '../../core/books/reports/dashboard.js';
import { aging, cashFlow, generalLedger } from '../../core/books/reports/detail.js';
import { balanceSheet, profitAndLoss, trialBalance } from '../../core/books/reports/statements.js';
import { vatSummary } from '../../core/books/reports/vat.js';
import { booksStatus, enableBooks, listAccounts, listVatCodes, saveAccount, setBasis } from '../../core/books/setup.js';
import { invoicingContextFor, today } from '../../core/invoices/context.js';
import { requireVaultSession } from '../../core/people/app-vault.js';
import type { CallContext, HandlerMap } from '../handlers.js';

function books(ctx: CallContext): BooksContext {
  return invoicingContextFor(requireVaultSession(ctx.session), () => ctx.app.now());
}

/** Thin: each handler calls one books service, which writes its own audit rows in its transaction. */
export const booksHandlers: HandlerMap<keyof typeof BOOKS_CONTRACT> = {
  'books.status': (_input, ctx) => booksStatus(books(ctx)),
  'books.enable': (input, ctx) => enableBooks(books(ctx), input.chart, input.basis),
  'books.setBasis': (input, ctx) => setBasis(books(ctx), input.basis),
  'books.accounts': (_input, ctx) => listAccounts(books(ctx)),
  'books.saveAccount': (input, ctx) => saveAccount(books(ctx), input),
  'books.vatCodes': (_input, ctx) => listVatCodes(books(ctx)),

  'books.entries': (input, ctx) => {
    const { offset, limit, ...filter } = input;
    return listEntries(books(ctx), filter, offset, limit);
  },
  'books.entry': (input, ctx) => getEntry(books(ctx), input.id),
  'books.draft': (input, ctx) => {
    const b = books(ctx);
    return getEntry(b, draftManualEntry(b, input));
  },
  'books.discard': (input, ctx) => discardDraft(books(ctx), input.id),
  'books.post': (input, ctx) => {
    const b = books(ctx);
    return getEntry(b, postDraft(b, input.id));
  },
  'books.postManual': (input, ctx) => {
    const b = books(ctx);
    return getEntry(b, postManualEntry(b, input));
  },
  'books.reverse': (input, ctx) => {
    const b = books(ctx);
    return getEntry(b, reverseEntry(b, input.id, input.date ?? today(b), input.reason));
  },
  'books.opening': (input, ctx) => {
    const b = books(ctx);
    return getEntry(b, postOpeningBalances(b, input.date, input.lines, input.voucher));
  },
  'books.attachment': (input, ctx) => attachmentFile(books(ctx), input.entryId, input.blobId),

  'books.periods': (_input, ctx) => listClosedPeriods(books(ctx)),
  'books.close': (input, ctx) => closePeriod(books(ctx), input.period),
  'books.reopen': (input, ctx) => reopenPeriod(books(ctx), input.period, input.reason),

  'books.recurring': (_input, ctx) => listRecurringEntries(books(ctx)),
  'books.createRecurring': (input, ctx) => createRecurringEntry(books(ctx), input),
  'books.setRecurringActive': (input, ctx) => setRecurringActive(books(ctx), input.id, input.active),
  'books.deleteRecurring': (input, ctx) => deleteRecurringEntry(books(ctx), input.id),
  'books.runRecurring': (_input, ctx) => runDueRecurringEntries(books(ctx)),

  'books.dashboard': (_input, ctx) => dashboard(books(ctx)),
  'books.trialBalance': (input, ctx) => trialBalance(books(ctx), input.from, input.to),
  'books.pnl': (input, ctx) => profitAndLoss(books(ctx), input.from, input.to),
  'books.balanceSheet': (input, ctx) => balanceSheet(books(ctx), input.to),
  'books.vat': (input, ctx) => vatSummary(books(ctx), input.from, input.to),
  'books.ledger': (input, ctx) => generalLedger(books(ctx), input.account, input.from, input.to, input.limit),
  'books.aging': (input, ctx) => aging(books(ctx), input.to, input.kind),
  'books.cashflow': (input, ctx) => cashFlow(books(ctx), input.from, input.to),
  'books.reportTable': (input, ctx) => reportTable(books(ctx), input.report, { from: input.from, to: input.to, account: input.account, kind: input.kind }, 2000),
  'books.reportFile': (input, ctx) => reportFile(books(ctx), input.report, { from: input.from, to: input.to, account: input.account, kind: input.kind }, input.format),
  'books.export': (input, ctx) => exportFile(books(ctx), input.format, input.from, input.to, { advisor: input.advisor, client: input.client }),
};
