import { bankLineSource } from './bank-lines.js';
import { creditNoteSource, invoiceSource, paymentSource } from './invoices.js';
import { expenseSource, supplierInvoiceSource } from './purchases.js';
import { registerSource } from './registry.js';

export { postAllPending, postSource, isPosted, reverseSource } from './registry.js';
export { postPurchasePayments } from './bank-lines.js';
export type { PostingSource } from './registry.js';

registerSource(invoiceSource);
registerSource(creditNoteSource);
registerSource(paymentSource);
registerSource(expenseSource);
registerSource(supplierInvoiceSource);
registerSource(bankLineSource);
