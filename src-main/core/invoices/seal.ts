import { z } from 'zod';
import type { PdfVerdict, SealStatus } from '../../../src-shared/contract-invoicing.js';
import { NotFoundError } from '../errors.js';
import type { SealIdentity, SealKeyType } from '../pdf/seal-certificate.js';
import { createSealIdentity, exportRootCertificate, identityFrom } from '../pdf/seal-certificate.js';
import { importSealP12 } from '../pdf/seal-import.js';
import { isSealedByVault, verifySealedPdf } from '../pdf/verify.js';
import { readProfile } from './company.js';
import type { InvoicingContext } from './context.js';
import { nowIso } from './context.js';

interface SealRow {
  source: 'generated' | 'imported';
  certificate_pem: string;
  chain_pem: string;
  private_key_pem: string;
}

const chainSchema = z.array(z.string());

// identityFrom re-checks the key against the certificate; do it once per row, not per invoice.
const cache = new WeakMap<object, { fingerprint: string; identity: SealIdentity }>();

function rowToIdentity(row: SealRow): SealIdentity {
  return identityFrom(row.certificate_pem, chainSchema.parse(JSON.parse(row.chain_pem)), row.private_key_pem);
}

function currentRow(ctx: InvoicingContext): (SealRow & { fingerprint_sha256: string }) | undefined {
  return ctx.db
    .prepare('SELECT source, certificate_pem, chain_pem, private_key_pem, fingerprint_sha256 FROM seal_identities ORDER BY id DESC LIMIT 1')
    .get() as (SealRow & { fingerprint_sha256: string }) | undefined;
}

/** The seal that signs new documents, or null before the first one is made. */
export function currentSeal(ctx: InvoicingContext): SealIdentity | null {
  const row = currentRow(ctx);
  if (!row) return null;
  const cached = cache.get(ctx.db);
  if (cached?.fingerprint === row.fingerprint_sha256) return cached.identity;
  const identity = rowToIdentity(row);
  cache.set(ctx.db, { fingerprint: row.fingerprint_sha256, identity });
  return identity;
}

function store(ctx: InvoicingContext, source: SealRow['source'], identity: SealIdentity, rootKeyPem: string | null): void {
  ctx.transaction(() => {
    ctx.db
      .prepare(
        `INSERT INTO seal_identities (source, certificate_pem, chain_pem, private_key_pem, root_private_key_pem, fingerprint_sha256, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(source, identity.certificatePem, JSON.stringify(identity.chainPem), identity.privateKeyPem, rootKeyPem, identity.fingerprintSha256, nowIso(ctx));
    ctx.audit({
      action: source === 'generated' ? 'seal.create' : 'seal.import',
      subject: `seal:${identity.fingerprintSha256}`,
      details: { subject: identity.subject, notAfter: identity.notAfter, keyType: identity.keyType },
    });
  });
}

/** Company root CA + seal certificate (DESIGN §5), private keys kept in the encrypted DB. */
export function createSeal(ctx: InvoicingContext, keyType: SealKeyType = 'EC'): SealStatus {
  const profile = readProfile(ctx);
  const generated = createSealIdentity(
    { legalName: profile.legalName, country: profile.address.country, vatId: profile.vatId },
    { keyType, now: ctx.now() },
  );
  store(ctx, 'generated', generated.identity, generated.rootPrivateKeyPem);
  return sealStatus(ctx);
}

export function importSeal(ctx: InvoicingContext, p12: Uint8Array, password: string): SealStatus {
  store(ctx, 'imported', importSealP12(p12, password), null);
  return sealStatus(ctx);
}

/** The seal, created on first need (issue 4 item 4). */
export function ensureSeal(ctx: InvoicingContext): SealIdentity {
  const existing = currentSeal(ctx);
  if (existing) return existing;
  createSeal(ctx);
  const created = currentSeal(ctx);
  if (!created) throw new Error('The seal was stored but cannot be read back.');
  return created;
}

export function sealStatus(ctx: InvoicingContext): SealStatus {
  const row = currentRow(ctx);
  const identity = currentSeal(ctx);
  if (!row || !identity) {
    return { present: false, source: null, subject: null, fingerprintSha256: null, notBefore: null, notAfter: null, keyType: null };
  }
  return {
    present: true,
    source: row.source,
    subject: identity.subject,
    fingerprintSha256: identity.fingerprintSha256,
    notBefore: identity.notBefore,
    notAfter: identity.notAfter,
    keyType: identity.keyType,
  };
}

export function exportRoot(ctx: InvoicingContext): { pem: string; fileName: string } {
  const identity = currentSeal(ctx);
  if (!identity) throw new NotFoundError('There is no seal yet. Create one in Settings, or issue an invoice, first.');
  const pem = exportRootCertificate(identity, 'pem');
  const name = readProfile(ctx).legalName.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'company';
  return { pem: typeof pem === 'string' ? pem : Buffer.from(pem).toString('latin1'), fileName: `${name}-seal-root.pem` };
}

/**
 * Any PDF: sealed? intact? by whom? With a vault, also whether one of its
 * seals (or a certificate its root issued) made it.
 */
export function verifyPdf(bytes: Uint8Array, ctx: InvoicingContext | null): PdfVerdict {
  const result = verifySealedPdf(bytes);
  const verdict: PdfVerdict = { sealed: result.sealed, intact: result.intact, signer: result.signer ?? null };
  if (!ctx) return verdict;
  const rows = ctx.db.prepare('SELECT source, chain_pem, fingerprint_sha256 FROM seal_identities').all() as {
    source: SealRow['source'];
    chain_pem: string;
    fingerprint_sha256: string;
  }[];
  // An imported seal's root belongs to its provider, who certifies others too: only our own roots count.
  const thisVault = rows.some((row) => {
    const root = chainSchema.parse(JSON.parse(row.chain_pem)).at(-1);
    const trust = { sealFingerprints: [row.fingerprint_sha256], ...(row.source === 'generated' && root !== undefined ? { rootCertificatePem: root } : {}) };
    return isSealedByVault(result, trust);
  });
  return { ...verdict, thisVault };
}
