import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Address, Customer } from '../../../src-shared/contract-invoicing.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { InvoicingContext } from './context.js';
import { nowIso } from './context.js';

export interface CustomerInput {
  readonly name: string;
  readonly address?: Address | undefined;
  readonly vatId?: string | undefined;
  readonly email?: string | undefined;
}

interface CustomerRow {
  id: string;
  name: string;
  address: string;
  vat_id: string;
  email: string;
  created_at: string;
  updated_at: string;
}

const addressSchema = z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() });
const EMPTY_ADDRESS: Address = { street: '', postalCode: '', city: '', country: '' };

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    address: addressSchema.parse(JSON.parse(row.address)),
    vatId: row.vat_id,
    email: row.email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function normalise(input: CustomerInput, base?: Customer): Omit<Customer, 'id' | 'createdAt' | 'updatedAt'> {
  const name = input.name.trim();
  if (name === '') throw new ValidationError('Enter the customer name.', { name: 'Enter the customer name.' });
  const address = input.address ?? base?.address ?? EMPTY_ADDRESS;
  const country = address.country.trim().toUpperCase();
  if (country !== '' && !/^[A-Z]{2}$/.test(country)) {
    throw new ValidationError('Use a two-letter country code such as DE or FR.', { 'address.country': 'Use a two-letter code.' });
  }
  return {
    name,
    address: { ...address, country },
    vatId: (input.vatId ?? base?.vatId ?? '').replace(/\s+/g, '').toUpperCase(),
    email: (input.email ?? base?.email ?? '').trim(),
  };
}

export function getCustomer(ctx: InvoicingContext, id: string): Customer {
  const row = ctx.db.prepare('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
  if (!row) throw new NotFoundError('This customer does not exist (any more). Reload the customer list.');
  return toCustomer(row);
}

/** Search by name, VAT id or e-mail, case-insensitive substring. */
export function listCustomers(ctx: InvoicingContext, search: string | undefined, limit: number): Customer[] {
  const pattern = `%${(search ?? '').trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = ctx.db
    .prepare(
      `SELECT * FROM customers
       WHERE name LIKE @pattern ESCAPE '\\' OR vat_id LIKE @pattern ESCAPE '\\' OR email LIKE @pattern ESCAPE '\\'
       ORDER BY name COLLATE NOCASE LIMIT @limit`,
    )
    .all({ pattern, limit }) as CustomerRow[];
  return rows.map(toCustomer);
}

/** Inserts without its own transaction or audit: for callers that already hold one. */
export function insertCustomer(ctx: InvoicingContext, input: CustomerInput): Customer {
  const fields = normalise(input);
  const id = randomUUID();
  const at = nowIso(ctx);
  ctx.db
    .prepare('INSERT INTO customers (id, name, address, vat_id, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, fields.name, JSON.stringify(fields.address), fields.vatId, fields.email, at, at);
  ctx.audit({ action: 'customers.create', subject: `customer:${id}`, details: { name: fields.name } });
  return { id, ...fields, createdAt: at, updatedAt: at };
}

export function createCustomer(ctx: InvoicingContext, input: CustomerInput): Customer {
  return ctx.transaction(() => insertCustomer(ctx, input));
}

export function updateCustomer(ctx: InvoicingContext, id: string, input: Partial<CustomerInput>): Customer {
  return ctx.transaction(() => {
    const current = getCustomer(ctx, id);
    const fields = normalise({ ...input, name: input.name ?? current.name }, current);
    const at = nowIso(ctx);
    ctx.db
      .prepare('UPDATE customers SET name = ?, address = ?, vat_id = ?, email = ?, updated_at = ? WHERE id = ?')
      .run(fields.name, JSON.stringify(fields.address), fields.vatId, fields.email, at, id);
    // Issued invoices keep their own snapshot of the customer; only drafts follow this change.
    ctx.audit({ action: 'customers.update', subject: `customer:${id}`, details: { fields: Object.keys(input) } });
    return { ...current, ...fields, updatedAt: at };
  });
}
