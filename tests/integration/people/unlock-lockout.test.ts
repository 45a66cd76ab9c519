import { afterEach, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, withVault } from '../handlers/harness.js';
import type { Harness } from '../handlers/harness.js';

const WRONG = 'not the right password at all';

describe('unlock and lockout (DESIGN §3)', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('creates a vault with a Recovery Kit and an owner session, audited', async () => {
    h = await withVault();
    const info = await h.ok('app.info');
    expect(info.session).toMatchObject({ user: 'anna', role: 'owner', mustChangePassword: false, autoLockMinutes: 15 });
    expect(info.vault?.users).toEqual(['anna']);
    const log = await h.ok('audit.list', {});
    expect(log.rows.map((r) => r.action)).toEqual(['vault.created']);
    expect((await h.ok('app.recentVaults')).map((v) => v.dir)).toEqual([h.vaultDir]);
  });

  it('locks out after 5 failures, doubles, survives a restart and logs it all at the next unlock', async () => {
    h = await withVault();
    await h.ok('session.lock');
    for (let i = 1; i <= 4; i += 1) {
      expect((await h.err('session.unlock', { user: 'anna', password: WRONG })).code).toBe('UNAUTHENTICATED');
    }
    const fifth = await h.err('session.unlock', { user: 'anna', password: WRONG });
    expect(fifth.code).toBe('LOCKED_OUT');
    expect(fifth.details?.retryAt).toBe(new Date(h.now.getTime() + 60_000).toISOString());
    expect(fifth.message).toMatch(/Try again after 2026-03-02 09:01:00 UTC/);

    // The right password is refused while locked out.
    expect((await h.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD })).code).toBe('LOCKED_OUT');

    // Another process (or a restart) reads the lockout from the header.
    const h2 = h.restart();
    await h2.ok('vault.open', { dir: h.vaultDir });
    expect((await h2.err('session.unlock', { user: 'anna', password: OWNER_PASSWORD })).code).toBe('LOCKED_OUT');

    h.advance(61_000);
    const sixth = await h2.err('session.unlock', { user: 'anna', password: WRONG });
    expect(sixth.code).toBe('LOCKED_OUT');
    expect(sixth.details?.retryAt).toBe(new Date(h.now.getTime() + 2 * 60_000).toISOString());

    h.advance(2 * 60_000 + 1000);
    await h2.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    const rows = (await h2.ok('audit.list', { limit: 100 })).rows;
    const count = (action: string): number => rows.filter((r) => r.action === action).length;
    expect(count('session.failed')).toBe(6);
    expect(count('session.lockedOut')).toBe(2);
    expect(count('session.refusedWhileLockedOut')).toBe(2);
    expect(rows[0]?.action).toBe('session.unlock');
    expect(await h2.ok('audit.verify')).toMatchObject({ ok: true });
    await h2.ok('session.lock');

    // The counter starts over after a success: four more failures do not lock.
    for (let i = 0; i < 4; i += 1) await h2.err('session.unlock', { user: 'anna', password: WRONG });
    await h2.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
  });

  it('refuses an unknown user without counting', async () => {
    h = await withVault();
    await h.ok('session.lock');
    for (let i = 0; i < 6; i += 1) expect((await h.err('session.unlock', { user: 'mallory', password: WRONG })).code).toBe('UNAUTHENTICATED');
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
  });

  it('rotates the key through the handler; the chain and unlock still hold', async () => {
    h = await withVault();
    const { rotatedAt } = await h.ok('vault.rotateKey');
    expect(rotatedAt).toBe(h.now.toISOString());
    expect(await h.ok('audit.verify')).toMatchObject({ ok: true });
    await h.ok('session.lock');
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    expect((await h.ok('audit.list', { filter: { action: 'vault.keyRotated' } })).total).toBe(1);
  });

  it('locks after the idle time and says so', async () => {
    h = await withVault();
    await h.ok('settings.update', { autoLockMinutes: 1 });
    expect((await h.ok('settings.get')).autoLockMinutes).toBe(1);
    const reasons: string[] = [];
    h.app.events.on('session.locked', ({ reason }) => reasons.push(reason));
    // Timers are real; a 1-minute wait is too long for a test, so shorten it on the live session.
    const session = h.app.session as unknown as { setAutoLockMinutes(m: number): void };
    session.setAutoLockMinutes(1 / 60); // 1 s
    await new Promise((resolve) => setTimeout(resolve, 500));
    await h.ok('session.touch'); // activity re-arms the timer
    await new Promise((resolve) => setTimeout(resolve, 700));
    // 1.2 s after the timer was first armed: still unlocked thanks to the touch.
    expect(h.app.session).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.app.session).toBeNull();
    expect(reasons).toEqual(['idle']);
    expect((await h.err('users.list')).code).toBe('UNAUTHENTICATED');
  });
});
