import { afterEach, describe, expect, it } from 'vitest';
import { currentTotp } from '../../../src-main/core/people/mfa.js';
import { OWNER_PASSWORD, withVault } from '../handlers/harness.js';
import type { Harness } from '../handlers/harness.js';

const BOB_OTP = 'purple elephant dances quietly';
const BOB_NEW = 'seven lanterns over harbor street';

describe('users, roles and passwords', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('adds a user who must change the one-time password, changes roles, disables, protects the last owner', async () => {
    h = await withVault();
    const weak = await h.err('users.add', { name: 'bob', role: 'accountant', oneTimePassword: 'password1234' });
    expect(weak.code).toBe('VALIDATION');
    expect(weak.message).toMatch(/stronger password/);

    const bob = await h.ok('users.add', { name: 'bob', role: 'accountant', oneTimePassword: BOB_OTP });
    expect(bob).toMatchObject({ name: 'bob', role: 'accountant', mustChangePassword: true, disabled: false, mfaEnrolled: false });
    expect((await h.err('users.add', { name: 'Bob', role: 'auditor', oneTimePassword: BOB_OTP })).code).toBe('CONFLICT');

    const anna = (await h.ok('users.list')).find((u) => u.name === 'anna');
    expect(anna?.role).toBe('owner');
    const annaId = anna?.id ?? '';
    // The last active owner can neither be demoted nor disabled; nothing is written.
    expect((await h.err('users.update', { id: annaId, role: 'auditor' })).code).toBe('CONFLICT');
    expect((await h.err('users.update', { id: annaId, disabled: true })).code).toBe('CONFLICT');
    expect((await h.ok('users.list')).find((u) => u.id === annaId)?.role).toBe('owner');

    expect(await h.ok('users.update', { id: bob.id, role: 'auditor' })).toMatchObject({ role: 'auditor' });
    await h.ok('users.update', { id: bob.id, disabled: true });
    await h.ok('session.lock');
    // No key is sealed to a disabled user any more: the vault cannot open for him.
    expect((await h.err('session.unlock', { user: 'bob', password: BOB_OTP })).code).toBe('UNAUTHENTICATED');

    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    // Disabling took bob's key out of the header: the vault key is no longer sealed to him.
    expect(h.app.vault?.header.unlockers.some((u) => u.userId === bob.id)).toBe(false);
    expect(await h.ok('users.update', { id: bob.id, disabled: false })).toMatchObject({ disabled: false, mustChangePassword: true });
    await h.ok('session.lock');
    // Re-enabled, but without a key until the owner resets the password.
    expect((await h.err('session.unlock', { user: 'bob', password: BOB_OTP })).code).toBe('UNAUTHENTICATED');
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    await h.ok('users.resetPassword', { id: bob.id, oneTimePassword: BOB_OTP });
    await h.ok('session.lock');

    const bobSession = await h.ok('session.unlock', { user: 'bob', password: BOB_OTP });
    expect(bobSession).toMatchObject({ role: 'auditor', mustChangePassword: true });
    // An auditor may not manage users: the dispatcher answers from the matrix.
    expect((await h.err('users.add', { name: 'carl', role: 'owner', oneTimePassword: BOB_NEW })).code).toBe('FORBIDDEN');
    expect((await h.err('session.changePassword', { current: 'wrong password here', next: BOB_NEW })).code).toBe('UNAUTHENTICATED');
    const changed = await h.ok('session.changePassword', { current: BOB_OTP, next: BOB_NEW });
    expect(changed.mustChangePassword).toBe(false);
    await h.ok('session.lock');
    expect((await h.err('session.unlock', { user: 'bob', password: BOB_OTP })).code).toBe('UNAUTHENTICATED');
    await h.ok('session.unlock', { user: 'bob', password: BOB_NEW });

    const actions = (await h.ok('audit.list', { limit: 100 })).rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['users.added', 'users.roleChanged', 'users.disabled', 'users.enabled', 'session.passwordChanged', 'access.denied']),
    );
  });

  it('asks for the password again after 5 minutes for sensitive actions', async () => {
    h = await withVault();
    h.advance(5 * 60_000 + 1000);
    const stale = await h.err('users.add', { name: 'bob', role: 'bookkeeper', oneTimePassword: BOB_OTP });
    expect(stale).toMatchObject({ code: 'UNAUTHENTICATED', details: { needs: 'reauth' } });
    expect((await h.err('vault.rotateKey')).details).toMatchObject({ needs: 'reauth' });
    expect((await h.err('session.reauth', { password: 'wrong password here' })).code).toBe('UNAUTHENTICATED');
    await h.ok('session.reauth', { password: OWNER_PASSWORD });
    await h.ok('users.add', { name: 'bob', role: 'bookkeeper', oneTimePassword: BOB_OTP });
    // The failed re-authentication is in the log.
    expect((await h.ok('audit.list', { filter: { action: 'session.failed' } })).total).toBe(1);
  });

  it('resets a password: the old one stops working and a change is required', async () => {
    h = await withVault();
    const bob = await h.ok('users.add', { name: 'bob', role: 'bookkeeper', oneTimePassword: BOB_OTP });
    await h.ok('users.resetPassword', { id: bob.id, oneTimePassword: BOB_NEW });
    await h.ok('session.lock');
    expect((await h.err('session.unlock', { user: 'bob', password: BOB_OTP })).code).toBe('UNAUTHENTICATED');
    expect(await h.ok('session.unlock', { user: 'bob', password: BOB_NEW })).toMatchObject({ mustChangePassword: true });
  });
});

describe('TOTP second factor', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('requires a code once enrolled; codes and recovery codes work once', async () => {
    h = await withVault();
    const enrollment = await h.ok('mfa.begin');
    expect(enrollment.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Sealbook:.*secret=/);
    expect(enrollment.qrSvg).toMatch(/^<svg/);
    expect((await h.err('mfa.confirm', { code: '000000' === currentTotp(enrollment.secret, h.now) ? '111111' : '000000' })).code).toBe('VALIDATION');
    const { recoveryCodes } = await h.ok('mfa.confirm', { code: currentTotp(enrollment.secret, h.now) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await h.ok('app.info')).session?.mfaEnrolled).toBe(true);
    await h.ok('session.lock');

    expect((await h.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD })).details).toMatchObject({ needs: 'totp' });
    h.advance(60_000);
    expect((await h.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD, totp: '12345x' })).code).toBe('UNAUTHENTICATED');
    const code = currentTotp(enrollment.secret, h.now);
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD, totp: code });
    await h.ok('session.lock');
    // Same code, same 30 s step: a replay is refused.
    expect((await h.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD, totp: code })).code).toBe('UNAUTHENTICATED');

    const [recovery] = recoveryCodes;
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD, totp: recovery?.toLowerCase() ?? '' });
    await h.ok('session.lock');
    expect((await h.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD, totp: recovery ?? '' })).code).toBe('UNAUTHENTICATED');

    // The secret never reaches the audit log or the header.
    h.advance(60_000);
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD, totp: currentTotp(enrollment.secret, h.now) });
    const csv = (await h.ok('audit.exportCsv', {})).csv;
    expect(csv).toContain('mfa.enrolled');
    expect(csv).not.toContain(enrollment.secret);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${h.vaultDir}/vault.json`, 'utf8')).not.toContain(enrollment.secret);
  });
});
