import type { TextSource } from './text/index.js';
import { maskPans } from '../audit/redact.js';
import { prefillDraft } from '../expenses/service.js';
import type { ReceiptsContext } from './context.js';
import { mailAttachments } from './content.js';
import type { ContentKind } from './kinds.js';
import { storeText, storedReceipt } from './store.js';
import type { StoredReceipt } from './store.js';

/**
 * The second, low-priority phase (issue 7 items 7-9): after the archive,
 * one receipt at a time, text is extracted (PDF text or OCR, behind the
 * text module), stored for search with card numbers masked, and the
 * receipt's untouched draft prefilled. State lives in `receipts.text_state`,
 * so a phase cut off resumes where it stopped.
 */
export interface TextPhaseOptions {
  readonly signal?: AbortSignal;
  /** While true (an import is running), the phase waits: intake comes first. */
  readonly busy?: () => boolean;
  readonly limit?: number;
  onReceipt?(receiptId: string): void;
}

export const PAN_NOTICE = 'A card number was found on this receipt; Sealbook stored it masked to its last 4 digits.';

export function pendingText(ctx: ReceiptsContext, limit: number): string[] {
  const rows = ctx.db.prepare(`SELECT id FROM receipts WHERE text_state = 'pending' ORDER BY imported_at, rowid LIMIT ?`).all(limit) as { id: string }[];
  return rows.map((r) => r.id);
}

export async function runTextPhase(ctx: ReceiptsContext, options: TextPhaseOptions = {}): Promise<number> {
  let processed = 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const aborted = (): boolean => options.signal?.aborted === true;
  while (processed < limit && !aborted()) {
    while (options.busy?.() === true && !aborted()) await delay(250);
    const [id] = pendingText(ctx, 1);
    if (id === undefined) break;
    await textOf(ctx, id);
    processed += 1;
    options.onReceipt?.(id);
    // Yield between receipts so interactive calls are never queued behind this phase.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return processed;
}

async function textOf(ctx: ReceiptsContext, id: string): Promise<void> {
  const receipt = storedReceipt(ctx.db, id);
  try {
    const source = await textSource(ctx, receipt);
    const extracted = await ctx.text.extractText(source);
    // Masked again here: this module stores the text, so it makes sure (DESIGN §5).
    const text = maskPans(extracted.text);
    const panFound = extracted.panMasked || text !== extracted.text;
    const prefill = text.trim() === '' ? {} : ctx.text.prefillFromText(text);
    ctx.transaction(() => {
      storeText(ctx.db, id, text, extracted.method, panFound);
      if (receipt.expense_id !== null) prefillDraft(ctx, receipt.expense_id, prefill, panFound);
      ctx.audit({ action: 'receipts.text', subject: `receipt:${id}`, details: { method: extracted.method, characters: text.length, panMasked: panFound } });
    });
  } catch (error) {
    ctx.transaction(() => {
      ctx.db.prepare(`UPDATE receipts SET text_state = 'failed' WHERE id = ?`).run(id);
      ctx.audit({ action: 'receipts.text', subject: `receipt:${id}`, details: { failed: error instanceof Error ? error.message : String(error) } });
    });
  }
}

/** The receipt's own bytes (a mail's attachment, not the mail), images decoded to PNG/JPEG in the pool. */
async function textSource(ctx: ReceiptsContext, receipt: StoredReceipt): Promise<TextSource> {
  let bytes: Uint8Array = ctx.blobs.get(receipt.original_blob_id);
  if (receipt.via_mail === 1) {
    const part = (await mailAttachments(bytes))[receipt.part_index ?? -1];
    if (!part) throw new Error('the attachment is missing from the archived mail');
    bytes = part.bytes;
  }
  const kind: ContentKind = receipt.kind;
  if (kind === 'pdf' || kind === 'jpeg' || kind === 'png') return { kind, bytes };
  const decoded = await ctx.pool.run('receipts.decode', { bytes, kind }, { priority: 'low' });
  return { kind: decoded.kind, bytes: decoded.bytes };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
