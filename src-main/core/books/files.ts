import { createHash } from 'node:crypto';
import type { ExportFormat, FileOut, ReportKind } from '../../../src-shared/books.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { getEntry } from './entries.js';
import type { BooksContext } from './context.js';
import { datevExport } from './exports/datev.js';
import type { DatevOptions } from './exports/datev.js';
import { fecExport } from './exports/fec.js';
import { plainTextJournal } from './exports/journal.js';
import { aging, cashFlow, generalLedger } from './reports/detail.js';
import { sealedReportPdf } from './reports/pdf.js';
import { balanceSheet, profitAndLoss, trialBalance } from './reports/statements.js';
import type { ReportTable } from './reports/tables.js';
import { agingTable, balanceSheetTable, cashFlowTable, ledgerTable, profitAndLossTable, toCsv, trialBalanceTable, vatTable } from './reports/tables.js';
import { vatSummary } from './reports/vat.js';

/** Reports as files (CSV, sealed PDF) and the accountants' exports; opening one is audited in its own transaction. */
export interface ReportParams {
  readonly from: string;
  readonly to: string;
  readonly account?: string | undefined;
  readonly kind?: 'receivables' | 'payables' | undefined;
}

/** `ledgerLimit` caps a general ledger's lines on screen; files carry them all. */
export function reportTable(ctx: BooksContext, report: ReportKind, params: ReportParams, ledgerLimit = Number.MAX_SAFE_INTEGER): ReportTable {
  switch (report) {
    case 'trial-balance':
      return trialBalanceTable(trialBalance(ctx, params.from, params.to));
    case 'pnl':
      return profitAndLossTable(profitAndLoss(ctx, params.from, params.to));
    case 'balance-sheet':
      return balanceSheetTable(balanceSheet(ctx, params.to));
    case 'vat':
      return vatTable(vatSummary(ctx, params.from, params.to));
    case 'aging':
      return agingTable(aging(ctx, params.to, params.kind ?? 'receivables'));
    case 'ledger':
      if (params.account === undefined) throw new ValidationError('Choose the account for the general ledger.', { account: 'Required.' });
      return ledgerTable(generalLedger(ctx, params.account, params.from, params.to, ledgerLimit));
    case 'cashflow':
      return cashFlowTable(cashFlow(ctx, params.from, params.to));
    default: {
      const unreachable: never = report;
      throw new ValidationError(`Unknown report ${String(unreachable)}.`);
    }
  }
}

function fileOut(fileName: string, mime: string, bytes: Uint8Array): FileOut {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { fileName, mime, base64: buffer.toString('base64'), sha256: createHash('sha256').update(buffer).digest('hex') };
}

function audited(ctx: BooksContext, action: string, subject: string, out: FileOut, details: Record<string, string>): FileOut {
  ctx.transaction(() => {
    ctx.audit({ action, subject, details: { ...details, file: out.fileName, sha256: out.sha256 } });
  });
  return out;
}

export async function reportFile(ctx: BooksContext, report: ReportKind, params: ReportParams, format: 'csv' | 'pdf'): Promise<FileOut> {
  const table = reportTable(ctx, report, params);
  const base = `${report}${params.account === undefined ? '' : `-${params.account}`}_${params.from}_${params.to}`;
  const out = format === 'csv'
    ? fileOut(`${base}.csv`, 'text/csv', Buffer.from(toCsv(table), 'utf8'))
    : fileOut(`${base}.pdf`, 'application/pdf', await sealedReportPdf(ctx, table));
  return audited(ctx, 'books.report', `report:${report}`, out, { from: params.from, to: params.to, format });
}

export function exportFile(ctx: BooksContext, format: ExportFormat, from: string, to: string, datev: DatevOptions): FileOut {
  if (from > to) throw new ValidationError(`The range ends (${to}) before it starts (${from}).`, { to: 'After the start.' });
  let out: FileOut;
  switch (format) {
    case 'datev': {
      const file = datevExport(ctx, from, to, datev);
      out = fileOut(file.fileName, 'text/csv', file.bytes);
      break;
    }
    case 'fec': {
      const file = fecExport(ctx, from, to);
      out = fileOut(file.fileName, 'text/plain', Buffer.from(file.text, 'utf8'));
      break;
    }
    case 'journal':
      out = fileOut(`sealbook_${from}_${to}.journal`, 'text/plain', Buffer.from(plainTextJournal(ctx, from, to), 'utf8'));
      break;
    default: {
      const unreachable: never = format;
      throw new ValidationError(`Unknown export ${String(unreachable)}.`);
    }
  }
  return audited(ctx, 'books.export', `export:${format}`, out, { from, to });
}

/** A voucher attached to an entry; opening it is audited (DESIGN §4). */
export function attachmentFile(ctx: BooksContext, entryId: string, blobId: string): FileOut {
  const attachment = getEntry(ctx, entryId).attachments.find((a) => a.blobId === blobId);
  if (!attachment) throw new NotFoundError('This entry has no such attachment.');
  return audited(ctx, 'document.open', `entry:${entryId}`, fileOut(attachment.fileName, attachment.mime, ctx.blobs.get(blobId)), {});
}
