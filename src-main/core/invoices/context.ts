import type Database from 'better-sqlite3-multiple-ciphers';
import type { AuditEntry } from '../app.js';
import type { BlobStore } from '../vault/blobs.js';

/**
 * What the invoicing services need of an unlocked vault and its session.
 * Handlers build it from the session; tests from a real SQLCipher file.
 */
export interface InvoicingContext {
  readonly db: Database.Database;
  readonly blobs: Pick<BlobStore, 'put' | 'get'>;
  readonly now: () => Date;
  /** The acting user's name, recorded on issued documents and payments. */
  readonly actor: string;
  /** The company named at vault creation: the profile's legal name until one is saved. */
  readonly companyName?: string;
  /** Runs `fn` and the audit rows it appends in one DB transaction. */
  transaction<T>(fn: () => T): T;
  audit(entry: AuditEntry): void;
}

/** Today as an ISO date. UTC, so every device of a vault agrees on "overdue". */
export function today(ctx: Pick<InvoicingContext, 'now'>): string {
  return ctx.now().toISOString().slice(0, 10);
}

export function nowIso(ctx: Pick<InvoicingContext, 'now'>): string {
  return ctx.now().toISOString();
}

/** What `invoicingContextFor` needs of a session (people's `Session<UnlockedVault>` has it). */
export interface InvoicingSession {
  readonly userName: string;
  readonly db: Database.Database;
  readonly vault: { readonly blobs: Pick<BlobStore, 'put' | 'get'>; readonly folder?: { readonly header: { readonly company: string } } };
  audit(entry: AuditEntry): void;
  transaction<T>(fn: () => T): T;
}

export function invoicingContextFor(session: InvoicingSession, now: () => Date): InvoicingContext {
  return {
    db: session.db,
    blobs: session.vault.blobs,
    now,
    actor: session.userName,
    ...(session.vault.folder ? { companyName: session.vault.folder.header.company } : {}),
    transaction: (fn) => session.transaction(fn),
    audit: (entry) => {
      session.audit(entry);
    },
  };
}
