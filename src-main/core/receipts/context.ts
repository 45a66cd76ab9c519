import type { InvoicingContext, InvoicingSession } from '../invoices/context.js';
import { invoicingContextFor } from '../invoices/context.js';
import type { BlobStore } from '../vault/blobs.js';
import type { WorkerPool } from '../workers/pool.js';
import { sharedPool } from '../workers/pool.js';
import * as textModule from './text/index.js';

/** The text phase's two functions (issue 7 items 7-8); tests inject their own. */
export interface TextFunctions {
  readonly extractText: typeof textModule.extractText;
  readonly prefillFromText: typeof textModule.prefillFromText;
}

export const DEFAULT_TEXT: TextFunctions = {
  extractText: (source) => textModule.extractText(source),
  prefillFromText: (text) => textModule.prefillFromText(text),
};

/**
 * What the receipts services need: the invoicing context (DB, audit,
 * transaction, company name for the seal) plus the blob operations the
 * journal uses, the worker pool and the text functions.
 */
export interface ReceiptsContext extends InvoicingContext {
  readonly blobs: Pick<BlobStore, 'put' | 'get' | 'delete' | 'discardUnreferenced'>;
  readonly pool: Pick<WorkerPool, 'run' | 'size'>;
  readonly text: TextFunctions;
}

export interface ReceiptsSession extends InvoicingSession {
  readonly vault: InvoicingSession['vault'] & { readonly blobs: ReceiptsContext['blobs'] };
}

export interface ReceiptsDeps {
  readonly pool?: Pick<WorkerPool, 'run' | 'size'>;
  readonly text?: TextFunctions;
}

export function receiptsContextFor(session: ReceiptsSession, now: () => Date, deps: ReceiptsDeps = {}): ReceiptsContext {
  return {
    ...invoicingContextFor(session, now),
    blobs: session.vault.blobs,
    pool: deps.pool ?? sharedPool(),
    text: deps.text ?? DEFAULT_TEXT,
  };
}
