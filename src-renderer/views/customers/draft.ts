import type { Customer } from '../../../src-shared/invoicing.js';

/** A customer form's fields, as typed. */
export interface CustomerDraft {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  vatId: string;
  email: string;
}

export function emptyCustomer(): CustomerDraft {
  return { name: '', street: '', postalCode: '', city: '', country: '', vatId: '', email: '' };
}

export function customerDraftOf(customer: Customer): CustomerDraft {
  return { name: customer.name, ...customer.address, vatId: customer.vatId, email: customer.email };
}

/** The contract's shape for customers.create / customers.update. */
export function customerInput(draft: CustomerDraft): {
  name: string;
  address: { street: string; postalCode: string; city: string; country: string };
  vatId: string;
  email: string;
} {
  return {
    name: draft.name,
    address: { street: draft.street, postalCode: draft.postalCode, city: draft.city, country: draft.country.toUpperCase() },
    vatId: draft.vatId,
    email: draft.email,
  };
}
