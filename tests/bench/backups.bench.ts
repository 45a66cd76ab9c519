/**
 * Backups (issue 9) against the loopback S3 test world (s3rver behind the
 * SigV4-verifying proxy over HTTPS): full backup throughput of a vault with
 * 1,000 documents, next to this machine's raw AES-256-GCM rate; then the
 * objects and bytes of an incremental run after one new document.
 * Receipts are not on this branch: the 1,000 documents are blob rows of
 * receipt-like size (incompressible, like scans), stored by the vault's blob
 * store as receipts will be.
 * Run: node --import tsx tests/bench/backups.bench.ts
 * Prints one JSON line; never gates on absolute times.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendAudit } from '../../src-main/core/audit/chain.js';
import type { BackupContext } from '../../src-main/core/backups/context.js';
import { runBackups } from '../../src-main/core/backups/run.js';
import { DEFAULT_TIMEOUTS } from '../../src-main/core/backups/store.js';
import { addTarget } from '../../src-main/core/backups/targets.js';
import { createVault } from '../../src-main/core/vault/vault.js';
import { MemoryKeychain } from '../unit/vault/memory-keychain.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, startS3World } from '../support/s3/world.js';

const DOCUMENTS = Number(process.env.BACKUP_BENCH_DOCUMENTS ?? 1000);
const DOCUMENT_BYTES = Number(process.env.BACKUP_BENCH_DOCUMENT_BYTES ?? 60_000);
const round = (value: number): number => Math.round(value * 100) / 100;
const mb = (bytes: number): number => bytes / 1024 / 1024;

function aesGcmRate(): number {
  const chunk = randomBytes(1024 * 1024);
  const key = randomBytes(32);
  const rounds = 128;
  const start = performance.now();
  for (let i = 0; i < rounds; i += 1) {
    const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
    cipher.update(chunk);
    cipher.final();
    cipher.getAuthTag();
  }
  return rounds / ((performance.now() - start) / 1000);
}

const root = mkdtempSync(join(tmpdir(), 'sealbook-backup-bench-'));
const world = await startS3World();
const keychain = new MemoryKeychain();
try {
  const { vault } = await createVault({
    dir: join(root, 'vault'),
    company: 'Bench GmbH',
    keychain,
    passwordOnly: false,
    owner: { userId: 'u1', userName: 'bench', password: 'bench bench bench bench' },
    now: new Date(),
    kdf: { algorithm: 'scrypt', N: 1024, r: 8, p: 1 },
  });
  const db = vault.db;
  const ctx: BackupContext = {
    db,
    vaultDir: vault.folder.dir,
    header: () => vault.folder.header,
    backupKey: vault.keys.backup,
    auditKey: vault.keys.audit,
    keychain,
    now: () => new Date(),
    timeouts: DEFAULT_TIMEOUTS,
    isOpen: () => !vault.locked,
    transaction: (fn) => db.transaction(fn)(),
    audit: (entry) => {
      appendAudit(db, vault.keys.audit, { ...entry, actor: 'bench', at: new Date() });
    },
    openDatabaseCopy: (path) => vault.openDatabaseCopy(path),
  };
  const addDocument = (i: number): void => {
    ctx.transaction(() => {
      vault.blobs.put(randomBytes(DOCUMENT_BYTES), { kind: 'receipt', name: `scan-${String(i)}.jpg` });
      ctx.audit({ action: 'receipts.import', subject: `scan-${String(i)}.jpg` });
    });
  };
  for (let i = 0; i < DOCUMENTS; i += 1) addDocument(i);
  await addTarget(ctx, {
    name: 'loopback',
    endpoint: world.https.url,
    region: 'us-east-1',
    bucket: 'alpha',
    prefix: 'bench',
    pathStyle: true,
    allowInsecureLocalhost: false,
    caPem: world.pki.caPem,
    pinSha256: null,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
  });

  const fullStart = performance.now();
  const full = (await runBackups(ctx)).targets[0];
  const fullSeconds = (performance.now() - fullStart) / 1000;
  if (!full?.ok) throw new Error(`full backup failed: ${full?.error ?? '?'}`);

  addDocument(DOCUMENTS);
  const incStart = performance.now();
  const incremental = (await runBackups(ctx)).targets[0];
  const incSeconds = (performance.now() - incStart) / 1000;
  if (!incremental?.ok) throw new Error(`incremental backup failed: ${incremental?.error ?? '?'}`);

  console.log(
    JSON.stringify({
      bench: 'backups',
      documents: DOCUMENTS,
      documentBytes: DOCUMENT_BYTES,
      full: { objectsUploaded: full.objectsUploaded, mbUploaded: round(mb(full.bytesUploaded)), seconds: round(fullSeconds), mbPerSecond: round(mb(full.bytesUploaded) / fullSeconds) },
      rawAes256GcmMbPerSecond: round(aesGcmRate()),
      incrementalAfterOneDocument: { objectsUploaded: incremental.objectsUploaded, bytesUploaded: incremental.bytesUploaded, seconds: round(incSeconds) },
    }),
  );
  vault.lock();
} finally {
  await world.stop();
  rmSync(root, { recursive: true, force: true });
}
