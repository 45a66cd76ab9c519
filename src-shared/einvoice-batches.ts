import type { ReceiveOutcome } from './einvoice.js';

/**
 * A drop of a whole folder of e-invoices goes to main in several calls: the
 * channel takes up to 500 files, and the browser host's request body is
 * capped, so the files travel in batches of at most 50 and about 24 MB, each
 * read just before it is sent. Outcomes are merged: duplicates across
 * batches are caught by main as within one.
 */
export const BATCH_FILES = 50;
export const BATCH_BYTES = 24 * 1024 * 1024;
/** The channel takes files up to 20 MB of base64 (about 14 MB); no e-invoice comes near it, and a larger file is refused here rather than failing its batch. */
export const MAX_FILE_BYTES = 14 * 1024 * 1024;

/** Groups file indexes, in order, into batches within both limits; a file alone above the byte limit still gets its own batch. */
export function planBatches(sizes: readonly number[], files = BATCH_FILES, bytes = BATCH_BYTES): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let currentBytes = 0;
  sizes.forEach((size, index) => {
    if (current.length > 0 && (current.length === files || currentBytes + size > bytes)) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(index);
    currentBytes += size;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

export const NO_OUTCOME: ReceiveOutcome = { received: [], duplicates: [], rejected: [] };

export function mergeOutcomes(a: ReceiveOutcome, b: ReceiveOutcome): ReceiveOutcome {
  return { received: [...a.received, ...b.received], duplicates: [...a.duplicates, ...b.duplicates], rejected: [...a.rejected, ...b.rejected] };
}

/** The rejection of a file too large to be an e-invoice, as main words its own (English; the app shows its own words). */
export function tooLargeRejection(file: string): ReceiveOutcome['rejected'][number] {
  return { file, code: 'TOO_LARGE', message: `${file} is larger than 14 MB, which no e-invoice is; it was not received. Import it as a receipt instead.` };
}
