import type { ImportOutcome } from '../../../src-shared/contract-receipts.js';
import type { SupplierInvoice } from '../../../src-shared/einvoice.js';
import { DuplicateEInvoiceError, receiveEInvoice } from '../einvoice/receive.js';
import { ValidationError } from '../errors.js';
import { newBlobId } from '../vault/blobs.js';
import type { MailPart } from './content.js';
import type { ReceiptsContext } from './context.js';
import { markDone, markWriting } from './journal.js';

/**
 * The receipts drop zone routes e-invoices by content (issue 10 item 5):
 * CII, UBL or XRechnung XML, or a Factur-X / ZUGFeRD PDF carrying one,
 * dropped as a file or attached to a dropped mail. The journal follows the
 * receipt rule: `writing` names the blobs about to be written (the
 * original and, for XML, its sealed rendition), and `done` commits inside
 * the receive's own transaction, so after a crash the item is either filed
 * and done, or nothing and redone.
 */
export async function receiveDroppedEInvoice(ctx: ReceiptsContext, importId: string, seq: number, file: string, bytes: Uint8Array): Promise<ImportOutcome[]> {
  return [await receivePart(ctx, importId, seq, { name: file, bytes }, true)];
}

/**
 * A mail's e-invoice attachments, each received like a dropped file; its
 * legal original is the attachment (the mail only carried it). The item's
 * `done` is left to the commit of the mail's other parts, which records
 * these outcomes with its own.
 */
export async function routeMailEInvoices(ctx: ReceiptsContext, importId: string, seq: number, parts: readonly MailPart[]): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const part of parts) outcomes.push(await receivePart(ctx, importId, seq, part, false));
  return outcomes;
}

async function receivePart(ctx: ReceiptsContext, importId: string, seq: number, part: MailPart, finishesItem: boolean): Promise<ImportOutcome> {
  const blobId = newBlobId();
  const renditionBlobId = newBlobId();
  markWriting(ctx.db, importId, seq, [blobId, renditionBlobId]);
  let outcome: ImportOutcome;
  try {
    const invoice = await receiveEInvoice(ctx, part.bytes, part.name, {
      blobId,
      renditionBlobId,
      inTransaction: (filed) => {
        if (finishesItem) markDone(ctx.db, importId, seq, [filedOutcome(part.name, filed)]);
      },
    });
    return filedOutcome(part.name, invoice);
  } catch (error) {
    if (error instanceof DuplicateEInvoiceError) {
      outcome = { status: 'einvoice-duplicate', file: part.name, supplierInvoiceId: error.existingId, message: error.message };
    } else if (error instanceof ValidationError) {
      outcome = { status: 'rejected', file: part.name, code: 'EINVOICE_REJECTED', message: `${error.message} It looks like an e-invoice, so it was not archived as a receipt.` };
    } else {
      throw error;
    }
    // The receive rolled back: nothing of this file is stored, but blob files may have been written.
    ctx.blobs.discardUnreferenced(blobId);
    ctx.blobs.discardUnreferenced(renditionBlobId);
    if (finishesItem) ctx.transaction(() => markDone(ctx.db, importId, seq, [outcome]));
    return outcome;
  }
}

function filedOutcome(file: string, invoice: SupplierInvoice): ImportOutcome {
  return { status: 'einvoice', file, supplierInvoiceId: invoice.id, number: invoice.number, valid: invoice.valid, ...(invoice.scope === undefined ? {} : { scope: invoice.scope }) };
}
