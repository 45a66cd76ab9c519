import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupContextFor } from '../../../src-main/core/backups/context.js';
import { runBackups } from '../../../src-main/core/backups/run.js';
import { spkiSha256 } from '../../../src-main/core/backups/store.js';
import type { Harness } from '../handlers/harness.js';
import type { S3World } from '../../support/s3/world.js';
import { startS3World } from '../../support/s3/world.js';
import { makeTestPki } from '../../support/s3/certs.js';
import { populatedVault, session, storedDataObjects, targetInput } from './setup.js';

let world: S3World;
let h: Harness;

beforeAll(async () => {
  world = await startS3World();
  ({ h } = await populatedVault(1500));
}, 120_000);

afterAll(async () => {
  await h.cleanup();
  await world.stop();
});

describe('backups: errors and faults', () => {
  it('a wrong secret is refused by the SigV4 check with a clear error, and the other target still backs up', async () => {
    await h.ok('backups.addTarget', targetInput(world, 'alpha', { name: 'wrong-secret', secretAccessKey: 'not-the-secret' }));
    await h.ok('backups.addTarget', targetInput(world, 'beta'));
    const test = await h.ok('backups.testTarget', { name: 'wrong-secret' });
    expect(test.ok).toBe(false);
    expect(test.steps[0]?.message).toContain('refused the secret access key');
    const refusedBefore = world.https.refused;
    const run = await h.ok('backups.run', {});
    const byName = Object.fromEntries(run.targets.map((t) => [t.name, t]));
    expect(byName['wrong-secret']).toMatchObject({ ok: false, objectsUploaded: 0 });
    expect(byName['wrong-secret']?.error).toContain('Enter the right secret');
    expect(byName.beta?.ok).toBe(true);
    expect(world.https.refused).toBeGreaterThan(refusedBefore);
    const status = (await h.ok('backups.targets', {})).find((t) => t.name === 'wrong-secret');
    expect(status?.lastError).toContain('signature does not match');
    expect(status?.lastOkAt).toBeNull();
  });

  it('a CA that did not sign the server certificate is refused', async () => {
    await h.ok('backups.addTarget', targetInput(world, 'alpha', { name: 'wrong-ca', caPem: makeTestPki('Some other CA').caPem }));
    const run = await h.ok('backups.run', { target: 'wrong-ca' });
    expect(run.targets[0]?.ok).toBe(false);
    expect(run.targets[0]?.error).toContain('not trusted');
  });

  it('a pinned server key is accepted when it matches and refused when it does not', async () => {
    const pin = spkiSha256(new X509Certificate(world.pki.certPem));
    await h.ok('backups.addTarget', targetInput(world, 'alpha', { name: 'pinned', pinSha256: pin }));
    expect((await h.ok('backups.testTarget', { name: 'pinned' })).ok).toBe(true);
    const otherPin = spkiSha256(new X509Certificate(makeTestPki('Pin CA').certPem));
    const test = await h.ok('backups.testTarget', targetInput(world, 'alpha', { name: 'mispinned', pinSha256: otherPin }));
    expect(test.ok).toBe(false);
    expect(test.steps[0]?.message).toContain('does not match the pinned one');
    await h.ok('backups.removeTarget', { name: 'pinned' });
  });

  it('plain HTTP to a non-loopback address, or without the flag, is refused at add', async () => {
    const remote = await h.err('backups.addTarget', targetInput(world, 'beta', { name: 'remote', endpoint: 'http://s3.example.com' }));
    expect(remote.message).toContain('HTTPS only');
    const noFlag = await h.err('backups.addTarget', targetInput(world, 'beta', { name: 'noflag', allowInsecureLocalhost: false }));
    expect(noFlag.message).toContain('allow insecure localhost');
  });

  it('connections reset mid-upload are retried and the run completes', async () => {
    h.advance(3600_000);
    await h.ok('invoices.createDraft', { customer: { name: 'Reset GmbH' }, lines: [{ description: 'x', quantity: '1', unitPrice: '1', vatRate: '19' }] });
    world.faults.setFault({ kind: 'reset', afterBytes: 300_000, connections: 2 });
    const run = await h.ok('backups.run', { target: 'beta' });
    expect(world.faults.faulted).toBe(2);
    expect(run.targets[0]).toMatchObject({ name: 'beta', ok: true });
    expect(run.targets[0]?.objectsUploaded).toBeGreaterThan(1);
    const verify = await h.ok('backups.verify', { target: 'beta', full: true });
    expect(verify.problems).toEqual([]);
    expect(verify.ok).toBe(true);
  });

  it('a stalled server times out, is reported, and the next run completes', async () => {
    h.advance(3600_000);
    await h.ok('invoices.createDraft', { customer: { name: 'Stall AG' }, lines: [{ description: 'x', quantity: '1', unitPrice: '1', vatRate: '19' }] });
    const ctx = backupContextFor(session(h), h.app.keychain, () => h.now, { connectMs: 1000, requestMs: 1000 });
    world.faults.setFault({ kind: 'stall', connections: 1000 });
    const stalled = await runBackups(ctx, { target: 'beta' });
    expect(stalled.targets[0]?.ok).toBe(false);
    expect(stalled.targets[0]?.error).toContain('did not answer in time');
    world.faults.setFault({ kind: 'none' });
    const next = await runBackups(ctx, { target: 'beta' });
    expect(next.targets[0]?.ok).toBe(true);
    const status = (await h.ok('backups.targets', {})).find((t) => t.name === 'beta');
    expect(status?.lastError).toBeNull();
  }, 60_000);

  it('one byte changed in a stored object: verify --full names it', async () => {
    const files = storedDataObjects(world, 'beta');
    const victim = files[Math.floor(files.length / 2)] ?? '';
    const bytes = readFileSync(victim);
    bytes[40] = (bytes[40] ?? 0) ^ 0x01;
    writeFileSync(victim, bytes);
    const id = /data\/([a-f0-9]{64})\._S3rver_object$/.exec(victim)?.[1] ?? '';
    const verify = await h.ok('backups.verify', { target: 'beta', full: true });
    expect(verify.ok).toBe(false);
    expect(verify.problems.some((p) => p.includes(`data/${id}`) && p.includes('damaged'))).toBe(true);
    const status = (await h.ok('backups.targets', {})).find((t) => t.name === 'beta');
    expect(status?.lastVerifyOk).toBe(false);
  });

  it('a vault whose audit log was cut short is caught against the earlier backup', async () => {
    const db = session(h).db;
    const head = db.prepare<[], { seq: number }>('SELECT max(seq) AS seq FROM audit_log').get()?.seq ?? 0;
    db.prepare('DELETE FROM audit_log WHERE seq > ?').run(head - 30);
    const run = await h.ok('backups.run', { target: 'beta' });
    expect(run.targets[0]?.ok).toBe(false);
    expect(run.targets[0]?.error).toContain('rows were removed');
  });
});
