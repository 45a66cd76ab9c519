import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelArgs } from '../../../src-shared/contract.js';
import { createCustomer } from '../../../src-main/core/invoices/customers.js';
import { invoicingContextFor } from '../../../src-main/core/invoices/context.js';
import type { InvoicingContext } from '../../../src-main/core/invoices/context.js';
import { requireVaultSession } from '../../../src-main/core/people/app-vault.js';
import type { VaultSession } from '../../../src-main/core/people/unlock.js';
import type { Harness } from '../handlers/harness.js';
import { withVault } from '../handlers/harness.js';
import { LINE, newCustomerId, newDraftId, setUpCompany } from '../invoices/setup.js';
import { issueInvoice } from '../../../src-main/core/invoices/documents.js';
import type { S3World } from '../../support/s3/world.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY } from '../../support/s3/world.js';

export function session(h: Harness): VaultSession {
  return requireVaultSession(h.app.session);
}

export function invoicing(h: Harness): InvoicingContext {
  return invoicingContextFor(session(h), () => h.now);
}

/** A vault with `customers` filler customers (so vault.db spans several 1 MiB chunks) and one issued invoice. */
export async function populatedVault(customers: number): Promise<{ h: Harness; recoveryKey: string }> {
  const h = await withVaultKey();
  const ctx = invoicing(h);
  setUpCompany(ctx);
  ctx.transaction(() => {
    for (let i = 0; i < customers; i += 1) {
      createCustomer(ctx, { name: `Customer ${String(i)}`, address: { street: `${String(i)} ${'Long Street Name '.repeat(20)}`, postalCode: '10115', city: 'Berlin', country: 'DE' }, vatId: '', email: '' });
    }
  });
  await issueOne(ctx);
  return { h, recoveryKey: lastRecoveryKey };
}

let lastRecoveryKey = '';
async function withVaultKey(): Promise<Harness> {
  const h = await withVault();
  // withVault discards the create result; replace the recovery key so the test knows it.
  lastRecoveryKey = session(h).vault.replaceRecoveryKey();
  return h;
}

/** Issues one invoice: a new sealed PDF blob (the stand-in for "one new receipt"). */
export async function issueOne(ctx: InvoicingContext): Promise<void> {
  const customerId = newCustomerId(ctx, `Buyer ${String(Date.now())}`);
  await issueInvoice(ctx, newDraftId(ctx, customerId, [LINE]));
}

export function targetInput(world: S3World, name: 'alpha' | 'beta', overrides: Partial<ChannelArgs<'backups.addTarget'>> = {}): ChannelArgs<'backups.addTarget'> {
  const common = { name, bucket: name, region: 'us-east-1', prefix: 'sealbook', pathStyle: true, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };
  return name === 'alpha'
    ? { ...common, endpoint: world.https.url, caPem: world.pki.caPem, ...overrides }
    : { ...common, endpoint: world.faultyUrl, allowInsecureLocalhost: true, ...overrides };
}

/** s3rver's files of the data objects under a bucket (its on-disk layout: <key>._S3rver_object). */
export function storedDataObjects(world: S3World, bucket: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('._S3rver_object') && path.includes('/data/')) out.push(path);
    }
  };
  walk(join(world.s3rver.directory, bucket));
  return out;
}
