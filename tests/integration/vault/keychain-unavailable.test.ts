import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * With no session bus, keytar cannot reach a Secret Service: the error must
 * say what to install, with no raw stack. Runs in a child process so the
 * parent's D-Bus connection (if any) cannot answer.
 */
describe('systemKeychain without a Secret Service', () => {
  it('throws UnavailableError naming gnome-keyring / KeePassXC', () => {
    const script = `
      import { systemKeychain } from './src-main/core/vault/keychain.ts';
      try { await systemKeychain().getSecret('vault:probe'); console.log(JSON.stringify({ ok: true })); }
      catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }
    `;
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
      cwd: process.cwd(),
    });
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { name?: string; code?: string; message?: string };
    expect(result.name).toBe('UnavailableError');
    expect(result.code).toBe('UNAVAILABLE');
    expect(result.message).toMatch(/gnome-keyring/);
    expect(result.message).toMatch(/KeePassXC/);
    expect(result.message).not.toMatch(/\bat \S+:\d+/);
  });
});
