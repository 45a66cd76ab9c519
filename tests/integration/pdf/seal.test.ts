import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src-main/core/errors.js';
import { renderInvoicePdf } from '../../../src-main/core/pdf/invoice-layout.js';
import { sealPdf } from '../../../src-main/core/pdf/pades-signer.js';
import { createSealIdentity, describeCertificate, exportRootCertificate } from '../../../src-main/core/pdf/seal-certificate.js';
import type { SealIdentity } from '../../../src-main/core/pdf/seal-certificate.js';
import { importSealP12 } from '../../../src-main/core/pdf/seal-import.js';
import { isSealedByVault, verifySealedPdf } from '../../../src-main/core/pdf/verify.js';
import { sampleInvoice } from './fixtures.js';

let dir: string;
let identity: SealIdentity;
let sealed: Uint8Array;

const info = { reason: 'Invoice 2026-0042 issued', name: 'Müller & Söhne Großhandel GmbH', location: 'München' };

function pdfsig(bytes: Uint8Array, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  // pdfsig exits 0 even on a digest mismatch: the verdict is in its text.
  return execFileSync('pdfsig', [file], { encoding: 'utf8' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sealbook-pdf-'));
  identity = createSealIdentity({ legalName: 'Müller & Söhne Großhandel GmbH', country: 'DE', vatId: 'DE123456789' }).identity;
  sealed = await sealPdf(await renderInvoicePdf(sampleInvoice(8)), identity, info);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sealed invoice (RSA-3072, generated company root)', () => {
  it('verifies with poppler pdfsig as a whole-document ETSI.CAdES.detached signature', () => {
    const out = pdfsig(sealed, 'sealed.pdf');
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signer Certificate Common Name: Müller & Söhne Großhandel GmbH');
  });

  it('is recognised by our verifier and attributed to this vault only', () => {
    const result = verifySealedPdf(sealed);
    expect(result).toMatchObject({ sealed: true, intact: true, coversWholeDocument: true });
    expect(result.signer).toContain('CN=Müller & Söhne Großhandel GmbH');
    expect(result.certificateFingerprint).toBe(identity.fingerprintSha256);
    expect(isSealedByVault(result, { sealFingerprints: [identity.fingerprintSha256] })).toBe(true);
    const root = exportRootCertificate(identity, 'pem');
    expect(typeof root).toBe('string');
    expect(isSealedByVault(result, { sealFingerprints: [], rootCertificatePem: root as string })).toBe(true);
    const stranger = createSealIdentity({ legalName: 'Someone Else Ltd' }, { keyType: 'EC' }).identity;
    const strangerRoot = exportRootCertificate(stranger, 'pem') as string;
    expect(isSealedByVault(result, { sealFingerprints: [stranger.fingerprintSha256], rootCertificatePem: strangerRoot })).toBe(false);
  });

  it('reports a digest mismatch when one signed byte changes', () => {
    const range = /\/ByteRange \[0 (\d+)/.exec(Buffer.from(sealed).toString('latin1'));
    const firstLength = Number(range?.[1]);
    const tampered = Uint8Array.from(sealed);
    const at = Math.floor(firstLength / 2);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const out = pdfsig(tampered, 'tampered.pdf');
    expect(out).toContain('Digest Mismatch.');
    expect(out).not.toContain('Signature is Valid.');
    const result = verifySealedPdf(tampered);
    expect(result.sealed).toBe(true);
    expect(result.intact).toBe(false);
    expect(result.reason).toMatch(/changed after it was sealed/);
  });

  it('treats bytes appended after the seal as not intact', () => {
    const appended = Buffer.concat([sealed, Buffer.from('\n1 0 obj (x) endobj\n')]);
    const result = verifySealedPdf(appended);
    expect(result.coversWholeDocument).toBe(false);
    expect(result.intact).toBe(false);
    expect(pdfsig(appended, 'appended.pdf')).not.toContain('Total document signed');
  });

  it('says a plain PDF is not sealed', async () => {
    const plain = await (await renderInvoicePdf(sampleInvoice(1))).save();
    expect(verifySealedPdf(plain)).toMatchObject({ sealed: false, intact: false });
  });

  it('passes qpdf --check', () => {
    const file = join(dir, 'qpdf.pdf');
    writeFileSync(file, sealed);
    const run = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(run.stdout).toContain('No syntax or stream encoding errors found');
    expect(run.status).toBe(0);
  });

  it('carries signing-certificate-v2 and no signingTime in the CMS', () => {
    const text = Buffer.from(sealed).toString('latin1');
    const range = /\/ByteRange \[0 (\d+) (\d+)/.exec(text);
    const padded = Buffer.from(text.slice(Number(range?.[1]) + 1, Number(range?.[2]) - 1), 'hex');
    const file = join(dir, 'sig.der');
    writeFileSync(file, padded.subarray(0, derLength(padded)));
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file], { encoding: 'utf8' });
    expect(printed).toContain('id-smime-aa-signingCertificateV2');
    expect(printed).toContain('messageDigest');
    expect(printed).not.toContain('signingTime');
  });

  it('describes the certificates for the settings screen', () => {
    const seal = describeCertificate(identity.certificatePem);
    expect(seal.subject).toContain('organizationIdentifier=VATDE-123456789');
    expect(seal.isCa).toBe(false);
    expect(seal.keyType).toBe('RSA');
    const years = Number(seal.notAfter.slice(0, 4)) - Number(seal.notBefore.slice(0, 4));
    expect(years).toBe(10);
    const root = describeCertificate(identity.chainPem[0] ?? '');
    expect(root.isCa).toBe(true);
    expect(exportRootCertificate(identity, 'der')).toBeInstanceOf(Uint8Array);
    const keyUsage = execFileSync('openssl', ['x509', '-noout', '-ext', 'keyUsage,basicConstraints'], {
      input: identity.certificatePem,
      encoding: 'utf8',
    });
    expect(keyUsage).toContain('Digital Signature, Non Repudiation');
    expect(keyUsage).toContain('CA:FALSE');
  });
});

describe('imported .p12 seals', () => {
  function makeP12(kind: 'ec' | 'rsa', password: string): Buffer {
    const run = (args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    };
    const keyArgs = kind === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
    run(['req', '-x509', ...keyArgs, '-nodes', '-keyout', `${kind}-ca.key`, '-out', `${kind}-ca.pem`, '-subj', '/CN=Trust Provider CA/C=FR', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
    run(['req', '-new', '-utf8', ...keyArgs, '-nodes', '-keyout', `${kind}-ee.key`, '-out', `${kind}-ee.csr`, '-subj', '/CN=Élodie Lefèvre SARL/O=Élodie Lefèvre SARL/C=FR']);
    writeFileSync(join(dir, 'ext.cnf'), 'keyUsage=critical,digitalSignature,nonRepudiation\n');
    run(['x509', '-req', '-in', `${kind}-ee.csr`, '-CA', `${kind}-ca.pem`, '-CAkey', `${kind}-ca.key`, '-CAcreateserial', '-days', '3650', '-extfile', 'ext.cnf', '-out', `${kind}-ee.pem`]);
    run(['pkcs12', '-export', '-inkey', `${kind}-ee.key`, '-in', `${kind}-ee.pem`, '-certfile', `${kind}-ca.pem`, '-passout', `pass:${password}`, '-out', `${kind}.p12`]);
    return readFileSync(join(dir, `${kind}.p12`));
  }

  it.each(['ec', 'rsa'] as const)('imports a %s .p12 and seals a PDF that pdfsig accepts', async (kind) => {
    const imported = importSealP12(makeP12(kind, 'correct horse'), 'correct horse');
    expect(imported.keyType).toBe(kind === 'ec' ? 'EC' : 'RSA');
    expect(imported.chainPem).toHaveLength(1);
    expect(imported.subject).toContain('CN=Élodie Lefèvre SARL');
    const pdf = await sealPdf(await renderInvoicePdf(sampleInvoice(3, { locale: 'fr' })), imported, info);
    const out = pdfsig(pdf, `${kind}-sealed.pdf`);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(verifySealedPdf(pdf)).toMatchObject({ intact: true, certificateFingerprint: imported.fingerprintSha256 });
  });

  it('refuses a wrong password with a message a person can act on', () => {
    const p12 = makeP12('ec', 'right');
    expect(() => importSealP12(p12, 'wrong')).toThrow(ValidationError);
    expect(() => importSealP12(p12, 'wrong')).toThrow(/password .* is wrong/);
  });
});

describe('invoice layout', () => {
  it('breaks a 60-line invoice over 3+ pages with "Page x of N" on every page and real glyphs', async () => {
    const bytes = await sealPdf(await renderInvoicePdf(sampleInvoice(60)), identity, info);
    const file = join(dir, 'long.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((page) => page.trim().length > 0);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      if (index < pages.length - 1) expect(page).toContain('Description'); // the table header repeats
    });
    expect(text).toContain('Müller & Söhne Großhandel GmbH');
    expect(text).toContain('Élodie Lefèvre SARL');
    expect(text).toContain('€7,414.40');
    expect(text).toContain('Œuvre spéciale');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans/);
    expect(fonts).not.toMatch(/Helvetica|Times|Courier/);
    expect(pdfsig(bytes, 'long-sealed.pdf')).toContain('Signature is Valid.');
  });
});

/** The length of the DER value at the start of the zero-padded /Contents (its own header included), so a signature ending in 0x00 is kept whole. */
function derLength(der: Buffer): number {
  const first = der[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  let length = 0;
  for (let i = 0; i < octets; i += 1) length = length * 256 + (der[2 + i] ?? 0);
  return 2 + octets + length;
}
