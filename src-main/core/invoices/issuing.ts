import { createHash } from 'node:crypto';
import type { InvoiceDocument } from '../pdf/invoice-document.js';
import type { PDFDocument } from 'pdf-lib';
import { renderInvoicePdf } from '../pdf/invoice-layout.js';
import { sealPdf } from '../pdf/pades-signer.js';
import type { SealIdentity } from '../pdf/seal-certificate.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { StoredProfile } from './company.js';
import { readProfile } from './company.js';
import type { InvoicingContext } from './context.js';
import { NumberTakenError, formatNumber, peekCounter, seriesKey, takeCounter } from './numbering.js';
import { ensureSeal } from './seal.js';

/**
 * The one path by which a document gets a number (DESIGN §5, issue 4 item 3).
 * Layout and sealing are slow and async, so they run first with the number
 * the series will most likely give; the transaction then takes exactly that
 * number (or fails with NumberTakenError and we lay out again), stores the
 * sealed blob and the row, and writes the audit entry. Any failure before
 * the commit leaves the series untouched: no gaps.
 */
const MAX_ATTEMPTS = 5;
const queues = new WeakMap<object, Promise<unknown>>();

/** Issues in one process run one at a time per database, so concurrent clicks do not race for numbers. */
function serialized<T>(key: object, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(key, next.catch(() => undefined));
  return next;
}

export interface IssuePlan {
  readonly kind: 'invoice' | 'credit_note';
  readonly issueDate: string;
  /** Lays the document out for a given number. */
  build(number: string, profile: StoredProfile): InvoiceDocument;
  /** Runs inside the transaction: re-checks preconditions and writes the row(s). */
  commit(stored: { number: string; blobId: string; sha256: string; profile: StoredProfile }): void;
  /** Runs at the start of each attempt, outside the transaction (refuse early). */
  check?(): void;
  /** Issue 10: what the document also becomes as an e-invoice for this number (checked before the number is taken), or null. */
  eInvoice?(number: string, profile: StoredProfile): Promise<IssueAttachment | null>;
}

/** An e-invoice issued with a document: it may change the PDF before sealing and writes its rows in the same transaction. */
export interface IssueAttachment {
  readonly preparePdf?: (pdf: PDFDocument) => void;
  /** Settles when the attachment is known good (e.g. the e-invoice validated); runs while the PDF is laid out and sealed, awaited before the number is taken. */
  readonly checked?: Promise<void>;
  readonly commit: () => void;
}

export interface Issued {
  readonly number: string;
  readonly sha256: string;
}

function requireReady(profile: StoredProfile): void {
  if (profile.legalName.trim() === '') {
    throw new ValidationError('Enter the company legal name in the company profile before issuing.', { legalName: 'Required to issue.' });
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function layOutAndSeal(
  doc: InvoiceDocument,
  identity: SealIdentity,
  profile: StoredProfile,
  preparePdf?: (pdf: PDFDocument) => void,
): Promise<Uint8Array> {
  const pdf = await renderInvoicePdf(doc);
  preparePdf?.(pdf);
  const what = doc.kind === 'invoice' ? 'Invoice' : 'Credit note';
  return sealPdf(pdf, identity, { reason: `${what} ${doc.number} issued`, name: profile.legalName });
}

export function issueDocument(ctx: InvoicingContext, plan: IssuePlan): Promise<Issued> {
  return serialized(ctx.db, async () => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      plan.check?.();
      const profile = readProfile(ctx);
      requireReady(profile);
      const identity = ensureSeal(ctx);
      const pattern = plan.kind === 'invoice' ? profile.invoiceSeries : profile.creditNoteSeries;
      const key = seriesKey(plan.kind, pattern, plan.issueDate);
      const counter = peekCounter(ctx.db, key);
      const number = formatNumber(pattern, plan.issueDate, counter);
      const attachment = (await plan.eInvoice?.(number, profile)) ?? null;
      const bytes = await layOutAndSeal(plan.build(number, profile), identity, profile, attachment?.preparePdf);
      await attachment?.checked;
      const sha256 = sha256Hex(bytes);
      try {
        ctx.transaction(() => {
          takeCounter(ctx.db, key, counter);
          const blob = ctx.blobs.put(bytes, { kind: plan.kind, number });
          plan.commit({ number, blobId: blob.id, sha256, profile });
          attachment?.commit();
        });
        return { number, sha256 };
      } catch (error) {
        // Another process took the number between our peek and commit: lay out again with the next.
        if (error instanceof NumberTakenError) continue;
        throw error;
      }
    }
    throw new ConflictError('Many documents are being issued at once; the number could not be taken. Try again.');
  });
}
