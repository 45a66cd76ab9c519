import { afterEach, describe, expect, it } from 'vitest';
import { systemKeychain, vaultAccount } from '../../../src-main/core/vault/keychain.js';
import { OWNER_PASSWORD, makeHarness } from '../handlers/harness.js';
import type { Harness } from '../handlers/harness.js';

const NEW_PASSWORD = 'violet harbor lanterns at midnight';

describe('vault.recover', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('opens with the recovery key after the keychain entry is lost, and binds a new owner password', async () => {
    h = makeHarness();
    const created = await h.ok('vault.create', { dir: h.vaultDir, company: 'Acme Trading', owner: 'anna', password: OWNER_PASSWORD });
    expect(Buffer.from(created.recoveryKitPdf, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await h.ok('vault.close');
    await systemKeychain().deleteSecret(vaultAccount(created.vaultId));

    await h.ok('vault.open', { dir: h.vaultDir });
    expect((await h.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD })).code).toBe('UNAVAILABLE');

    const wrongKey = created.recoveryKey.replace(/[A-Z2-7]/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await h.err('vault.recover', { dir: h.vaultDir, recoveryKey: wrongKey, newPassword: NEW_PASSWORD })).code).toMatch(/^(UNAUTHENTICATED|VALIDATION)$/);
    expect((await h.err('vault.recover', { dir: h.vaultDir, recoveryKey: created.recoveryKey, newPassword: 'weak' })).code).toBe('VALIDATION');

    const session = await h.ok('vault.recover', { dir: h.vaultDir, recoveryKey: created.recoveryKey, newPassword: NEW_PASSWORD });
    expect(session).toMatchObject({ user: 'anna', role: 'owner', mustChangePassword: false });
    const actions = (await h.ok('audit.list', { limit: 100 })).rows.map((r) => r.action);
    expect(actions[0]).toBe('vault.recovered');
    await h.ok('session.lock');
    expect((await h.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD })).code).toBe('UNAUTHENTICATED');
    await h.ok('session.unlock', { user: 'anna', password: NEW_PASSWORD });
    expect(await h.ok('audit.verify')).toMatchObject({ ok: true });
  });
});
