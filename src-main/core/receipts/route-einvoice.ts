import type { ImportOutcome } from '../../../src-shared/contract-receipts.js';
import type { SupplierInvoice } from '../../../src-shared/einvoice.js';
import { DuplicateEInvoiceError, receiveEInvoice } from '../einvoice/receive.js';
import { isEInvoice } from '../einvoice/read.js';
import { ValidationError } from '../errors.js';
import { newBlobId } from '../vault/blobs.js';
import type { ReceiptsContext } from './context.js';
import { markDone, markWriting } from './journal.js';

/**
 * The receipts drop zone routes e-invoices by content (issue 10 item 5):
 * CII, UBL or XRechnung XML, or a Factur-X / ZUGFeRD PDF carrying one. The
 * journal follows the receipt rule: `writing` names the one blob about to
 * be written, and `done` commits inside the receive's own transaction, so
 * after a crash the item is either filed and done, or nothing and redone.
 */
export async function routeEInvoice(ctx: ReceiptsContext, importId: string, seq: number, file: string, bytes: Uint8Array): Promise<ImportOutcome[] | null> {
  if (!(await isEInvoice(bytes))) return null;
  const blobId = newBlobId();
  markWriting(ctx.db, importId, seq, [blobId]);
  let outcome: ImportOutcome;
  try {
    const invoice = await receiveEInvoice(ctx, bytes, file, {
      blobId,
      inTransaction: (filed) => markDone(ctx.db, importId, seq, [filedOutcome(file, filed)]),
    });
    return [filedOutcome(file, invoice)];
  } catch (error) {
    if (error instanceof DuplicateEInvoiceError) {
      outcome = { status: 'einvoice-duplicate', file, supplierInvoiceId: error.existingId, message: error.message };
    } else if (error instanceof ValidationError) {
      outcome = { status: 'rejected', file, code: 'EINVOICE_REJECTED', message: `${error.message} It looks like an e-invoice, so it was not archived as a receipt.` };
    } else {
      throw error;
    }
    // The receive rolled back: nothing of this file is stored, but a blob file may have been written.
    ctx.blobs.discardUnreferenced(blobId);
    ctx.transaction(() => markDone(ctx.db, importId, seq, [outcome]));
    return [outcome];
  }
}

function filedOutcome(file: string, invoice: SupplierInvoice): ImportOutcome {
  return { status: 'einvoice', file, supplierInvoiceId: invoice.id, number: invoice.number, valid: invoice.valid };
}
