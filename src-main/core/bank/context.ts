import type { InvoicingContext } from '../invoices/context.js';

/**
 * The bank services need what invoicing needs (DB, clock, actor, one
 * transaction with its audit rows), and accepting a match records a payment
 * through the invoicing service itself, so they share its context.
 */
export type BankContext = InvoicingContext;
export { invoicingContextFor as bankContextFor, nowIso, today } from '../invoices/context.js';
