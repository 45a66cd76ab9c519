import { randomUUID } from 'node:crypto';
import type { ImportOutcome } from '../../../src-shared/contract-receipts.js';
import type { SealIdentity } from '../pdf/seal-certificate.js';
import { nowIso } from '../invoices/context.js';
import { newBlobId } from '../vault/blobs.js';
import { insertReceiptDraft, maskFree } from '../expenses/service.js';
import type { ReceiptsContext } from './context.js';
import type { Content } from './content.js';
import { expandFile, sizeRejection } from './content.js';
import { markDone, markWriting } from './journal.js';
import { routeEInvoice, routeMailEInvoices } from './route-einvoice.js';
import { isEInvoice } from '../einvoice/read.js';
import { MIME_OF } from './kinds.js';
import type { RetentionPreset } from '../../../src-shared/contract-receipts.js';
import { DOCUMENT_CLASS_VOUCHER, retainUntil } from './retention.js';
import { insertReceipt, receiptIdBySha } from './store.js';

/**
 * One dropped file through intake (issue 7 items 2-4): expand, hash and
 * dedup, build and seal the rendition in the worker pool, then store every
 * blob, receipt row, expense draft, audit row and the journal's `done` in
 * one transaction. A bad file yields its own outcome; it never throws.
 */
export interface BatchState {
  readonly importId: string;
  readonly seal: SealIdentity;
  readonly sealName: string;
  readonly preset: RetentionPreset;
  readonly currency: string;
  /** Same content in flight in this batch: later copies wait and become duplicates. */
  readonly inFlight: Map<string, Promise<string | null>>;
}

interface Archived {
  readonly content: Content;
  readonly sha256: string;
  readonly pdf: Uint8Array;
  readonly pages: number;
  readonly note: string | null;
}

type Step = { readonly archived: Archived } | { readonly outcome: ImportOutcome };

export async function processItem(ctx: ReceiptsContext, batch: BatchState, seq: number, file: string, bytes: Uint8Array): Promise<ImportOutcome[]> {
  // Before anything treats it as a receipt: an e-invoice goes to the e-invoices service.
  const routed = sizeRejection(file, bytes.byteLength) === null ? await routeEInvoice(ctx, batch.importId, seq, file, bytes) : null;
  if (routed !== null) return routed;
  const expanded = await expandFile(file, bytes, isEInvoice);
  const outcomes: ImportOutcome[] = [
    ...(await routeMailEInvoices(ctx, batch.importId, seq, expanded.einvoices)),
    ...expanded.rejected.map((r): ImportOutcome => ({ status: 'rejected', file: r.file, code: r.code, message: r.message })),
  ];
  const settle: { sha256: string; resolve: (id: string | null) => void }[] = [];
  const steps: Step[] = [];
  try {
    for (const content of expanded.contents) steps.push(await archiveContent(ctx, batch, content, settle));
    const archived = steps.flatMap((s) => ('archived' in s ? [s.archived] : []));
    const others = [...outcomes, ...steps.flatMap((s) => ('outcome' in s ? [s.outcome] : []))];
    const committed = commit(ctx, batch, seq, expanded.mail ? bytes : null, archived, others);
    for (const entry of settle) entry.resolve(committed.stored.get(entry.sha256) ?? null);
    return committed.outcomes;
  } catch (error) {
    for (const entry of settle) entry.resolve(null);
    throw error;
  }
}

/**
 * The content's bytes move to the pool thread and back for each step
 * (`transfer`), never copied: with a few receipts in flight in main and in
 * every thread, copies were most of the import's peak memory.
 */
async function archiveContent(
  ctx: ReceiptsContext,
  batch: BatchState,
  sent: Content,
  settle: { sha256: string; resolve: (id: string | null) => void }[],
): Promise<Step> {
  const { sha256, bytes } = await ctx.pool.run('sha256', sent.bytes, { transfer: true });
  const content = { ...sent, bytes };
  const existing = receiptIdBySha(ctx.db, sha256) ?? (await batch.inFlight.get(sha256)) ?? null;
  if (existing !== null) return { outcome: { status: 'duplicate', file: content.name, receiptId: existing } };
  let resolve: (id: string | null) => void = () => undefined;
  batch.inFlight.set(sha256, new Promise((r) => (resolve = r)));
  settle.push({ sha256, resolve: (id) => { batch.inFlight.delete(sha256); resolve(id); } });
  const result = await ctx.pool.run(
    'receipts.archive',
    {
      bytes: content.bytes,
      kind: content.kind,
      fileName: content.name,
      seal: batch.seal,
      sealInfo: { reason: `Receipt archived: ${maskFree(content.name).text}`.slice(0, 200), name: batch.sealName },
    },
    { transfer: true },
  );
  if (!result.ok) return { outcome: { status: 'rejected', file: content.name, code: 'DAMAGED', message: `${content.name}: ${result.message}` } };
  return { archived: { content: { ...content, bytes: result.original }, sha256, pdf: result.pdf, pages: result.pages, note: result.note } };
}

/** The one transaction of an item: its outcomes, and sha256 -> receipt id of what it stored or found. */
function commit(
  ctx: ReceiptsContext,
  batch: BatchState,
  seq: number,
  mail: Uint8Array | null,
  archived: readonly Archived[],
  others: readonly ImportOutcome[],
): { outcomes: ImportOutcome[]; stored: Map<string, string> } {
  const mailBlobId = mail !== null && archived.length > 0 ? newBlobId() : null;
  const plan = archived.map((a) => ({ a, originalId: mailBlobId ?? newBlobId(), renditionId: newBlobId(), receiptId: randomUUID() }));
  const planned = [...(mailBlobId === null ? [] : [mailBlobId]), ...plan.flatMap((p) => (mailBlobId === null ? [p.originalId, p.renditionId] : [p.renditionId]))];
  markWriting(ctx.db, batch.importId, seq, planned);
  const result = new Map<string, string>();
  const outcomes: ImportOutcome[] = [...others];
  ctx.transaction(() => {
    const at = nowIso(ctx);
    let mailStored = false;
    for (const { a, originalId, renditionId, receiptId } of plan) {
      // Checked again inside the transaction: another import may have stored the same content meanwhile.
      const existing = receiptIdBySha(ctx.db, a.sha256);
      if (existing !== null) {
        result.set(a.sha256, existing);
        outcomes.push({ status: 'duplicate', file: a.content.name, receiptId: existing });
        continue;
      }
      if (mail !== null && !mailStored) {
        ctx.blobs.put(mail, { role: 'receipt-original', mime: MIME_OF.eml }, originalId);
        mailStored = true;
      } else if (mail === null) {
        ctx.blobs.put(a.content.bytes, { role: 'receipt-original', mime: MIME_OF[a.content.kind] }, originalId);
      }
      ctx.blobs.put(a.pdf, { role: 'receipt-rendition', mime: 'application/pdf' }, renditionId);
      const name = maskFree(a.content.name);
      insertReceipt(ctx.db, {
        id: receiptId,
        fileName: name.text,
        kind: a.content.kind,
        viaMail: mail !== null,
        partIndex: a.content.partIndex,
        sha256: a.sha256,
        size: a.content.bytes.byteLength,
        originalBlobId: originalId,
        originalMime: mail !== null ? MIME_OF.eml : MIME_OF[a.content.kind],
        renditionBlobId: renditionId,
        pages: a.pages,
        renderNote: a.note,
        documentClass: DOCUMENT_CLASS_VOUCHER,
        retainUntil: retainUntil(batch.preset, DOCUMENT_CLASS_VOUCHER, at),
        panMasked: name.masked,
        importedAt: at,
        importedBy: ctx.actor,
        importId: batch.importId,
      });
      const expenseId = insertReceiptDraft(ctx, receiptId, batch.currency);
      ctx.audit({ action: 'receipts.import', subject: `receipt:${receiptId}`, details: { file: name.text, kind: a.content.kind, pages: a.pages, sha256: a.sha256, expenseId } });
      result.set(a.sha256, receiptId);
      outcomes.push({ status: 'imported', file: name.text, receiptId, notice: a.note });
    }
    markDone(ctx.db, batch.importId, seq, outcomes);
  });
  return { outcomes, stored: result };
}
