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
import { receiveDroppedEInvoice, routeMailEInvoices } from './route-einvoice.js';
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
  /** Items claim their contents in batch order, whatever finishes hashing first. */
  readonly claims: ClaimOrder;
}

/** An item's place in its batch's claiming order. */
export interface ClaimTurn {
  /** Settles when every earlier item has claimed its contents. */
  readonly ready: Promise<void>;
  /** This item has claimed (or has nothing to claim); idempotent. */
  readonly release: () => void;
}

/**
 * Hands out turns in the order items start, so that of two copies of one
 * scan in a batch the earlier file is the original and the later one the
 * duplicate, on a fast machine and on a slow one.
 */
export class ClaimOrder {
  private last: Promise<void> = Promise.resolve();

  next(): ClaimTurn {
    const ready = this.last;
    let release: () => void = () => undefined;
    this.last = new Promise<void>((resolve) => (release = resolve));
    return { ready, release };
  }
}

interface Archived {
  readonly content: Content;
  readonly sha256: string;
  readonly pdf: Uint8Array;
  readonly pages: number;
  readonly note: string | null;
}

type Step = { readonly archived: Archived } | { readonly outcome: ImportOutcome };

interface Hashed {
  readonly content: Content;
  readonly sha256: string;
}

/** What claiming found for a content: archive it, a copy of what another item has, or a repeat inside this item. */
type Claim =
  | { readonly kind: 'archive'; readonly hashed: Hashed }
  | { readonly kind: 'copy'; readonly hashed: Hashed; readonly of: Promise<string | null> }
  | { readonly kind: 'repeat'; readonly hashed: Hashed };

interface Settle {
  readonly sha256: string;
  readonly resolve: (id: string | null) => void;
}

export async function processItem(ctx: ReceiptsContext, batch: BatchState, turn: ClaimTurn, seq: number, file: string, bytes: Uint8Array): Promise<ImportOutcome[]> {
  // Before anything treats it as a receipt: an e-invoice goes to the e-invoices service.
  if (sizeRejection(file, bytes.byteLength) === null && (await isEInvoice(bytes))) {
    // E-invoices have their own duplicate check: the receipts after this one need not wait for it.
    turn.release();
    return receiveDroppedEInvoice(ctx, batch.importId, seq, file, bytes);
  }
  const expanded = await expandFile(file, bytes, isEInvoice);
  const outcomes: ImportOutcome[] = [
    ...(await routeMailEInvoices(ctx, batch.importId, seq, expanded.einvoices)),
    ...expanded.rejected.map((r): ImportOutcome => ({ status: 'rejected', file: r.file, code: r.code, message: r.message })),
  ];
  const hashed = await hashContents(ctx, expanded.contents);
  await turn.ready;
  const settle: Settle[] = [];
  const claims = claimContents(ctx, batch, hashed, settle);
  turn.release();
  const steps: Step[] = [];
  try {
    for (const claim of claims) {
      if (claim.kind === 'repeat') continue;
      const existing = claim.kind === 'copy' ? await claim.of : null;
      if (existing !== null) steps.push({ outcome: { status: 'duplicate', file: claim.hashed.content.name, receiptId: existing } });
      // Claimed here, or the earlier copy failed to archive: this one is tried on its own.
      else steps.push(await archiveContent(ctx, batch, claim.hashed));
    }
    const archived = steps.flatMap((s) => ('archived' in s ? [s.archived] : []));
    const others = [...outcomes, ...steps.flatMap((s) => ('outcome' in s ? [s.outcome] : []))];
    const repeats = claims.flatMap((c) => (c.kind === 'repeat' ? [c.hashed] : []));
    const committed = commit(ctx, batch, seq, expanded.mail ? bytes : null, archived, others, repeats);
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
async function hashContents(ctx: ReceiptsContext, contents: readonly Content[]): Promise<Hashed[]> {
  const hashed: Hashed[] = [];
  for (const sent of contents) {
    const { sha256, bytes } = await ctx.pool.run('sha256', sent.bytes, { transfer: true });
    hashed.push({ content: { ...sent, bytes }, sha256 });
  }
  return hashed;
}

/**
 * Synchronous, in the item's turn: a content already stored or claimed by an
 * earlier item becomes a copy of it; a second copy inside the same mail is a
 * repeat of the first; anything else is claimed here.
 */
function claimContents(ctx: ReceiptsContext, batch: BatchState, hashed: readonly Hashed[], settle: Settle[]): Claim[] {
  const mine = new Set<string>();
  return hashed.map((h): Claim => {
    const stored = receiptIdBySha(ctx.db, h.sha256);
    if (stored !== null) return { kind: 'copy', hashed: h, of: Promise.resolve(stored) };
    if (mine.has(h.sha256)) return { kind: 'repeat', hashed: h };
    const earlier = batch.inFlight.get(h.sha256);
    if (earlier !== undefined) return { kind: 'copy', hashed: h, of: earlier };
    let resolve: (id: string | null) => void = () => undefined;
    batch.inFlight.set(h.sha256, new Promise((r) => (resolve = r)));
    settle.push({ sha256: h.sha256, resolve: (id) => { batch.inFlight.delete(h.sha256); resolve(id); } });
    mine.add(h.sha256);
    return { kind: 'archive', hashed: h };
  });
}

async function archiveContent(ctx: ReceiptsContext, batch: BatchState, { content, sha256 }: Hashed): Promise<Step> {
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
  repeats: readonly Hashed[],
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
    for (const { content, sha256 } of repeats) {
      const first = result.get(sha256);
      outcomes.push(
        first !== undefined
          ? { status: 'duplicate', file: content.name, receiptId: first }
          : { status: 'rejected', file: content.name, code: 'DAMAGED', message: `${content.name}: the same file earlier in this mail could not be archived either.` },
      );
    }
    markDone(ctx.db, batch.importId, seq, outcomes);
  });
  return { outcomes, stored: result };
}
