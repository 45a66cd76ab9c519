import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealbook } from './run-cli.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const OWNER_PASSWORD = 'correct horse battery staple 42';
const NEW_USER_PASSWORD = 'violet tractor umbrella 1987';

describe('sealbook CLI against a real vault', () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-cli-'));
  const dir = join(work, 'acme');
  const dataDir = join(work, 'app-data');
  const run = (args: string[], env: Record<string, string> = {}) => sealbook(args, env, dataDir);
  let recoveryKey = '';

  beforeAll(() => {
    expect(existsSync(join(ROOT, 'dist', 'cli', 'sealbook.cjs')), 'run `npm run build` first').toBe(true);
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('creates a vault and writes the Recovery Kit', async () => {
    const kit = join(work, 'kit.pdf');
    const result = await run(['vault', 'create', dir, '--owner', 'alice', '--company', 'Acme GmbH', '--kit', kit, '--json'], {
      SEALBOOK_PASSWORD: OWNER_PASSWORD,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as { vaultId: string; recoveryKey: string; recoveryKit: string };
    expect(created.recoveryKit).toBe(kit);
    expect(readFileSync(kit).subarray(0, 5).toString()).toBe('%PDF-');
    expect(created.recoveryKey.replace(/[^A-Z0-9]/gi, '').length).toBeGreaterThanOrEqual(52);
    recoveryKey = created.recoveryKey;
  });

  it('refuses a weak owner password with exit 6 and says why', async () => {
    const result = await run(['vault', 'create', join(work, 'weak'), '--owner', 'bob', '--json'], { SEALBOOK_PASSWORD: 'password' });
    expect(result.code).toBe(6);
    expect(result.stderr.length).toBeGreaterThan(10);
  });

  it('checks an unlock: 0 with the right password, 4 with a wrong one', async () => {
    const ok = await run(['vault', 'status', dir, '--user', 'alice', '--json'], { SEALBOOK_PASSWORD: OWNER_PASSWORD });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ user: 'alice', role: 'owner' });
    const wrong = await run(['vault', 'status', dir, '--user', 'alice', '--json'], { SEALBOOK_PASSWORD: 'not the password at all' });
    expect(wrong.code).toBe(4);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('adds a user who must change the one-time password', async () => {
    const added = await run(['user', 'add', dir, 'bob', '--role', 'bookkeeper', '--user', 'alice', '--json'], {
      SEALBOOK_PASSWORD: OWNER_PASSWORD,
      SEALBOOK_NEW_PASSWORD: NEW_USER_PASSWORD,
    });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'bob', role: 'bookkeeper', mustChangePassword: true });
    const forbidden = await run(['vault', 'rotate-key', dir, '--user', 'bob'], { SEALBOOK_PASSWORD: NEW_USER_PASSWORD });
    expect(forbidden.code).toBe(5);
  });

  it('rotates the key and keeps the audit chain verifiable', async () => {
    const rotated = await run(['vault', 'rotate-key', dir, '--user', 'alice', '--json'], { SEALBOOK_PASSWORD: OWNER_PASSWORD });
    expect(rotated.code).toBe(0);
    const verified = await run(['audit', 'verify', dir, '--user', 'alice', '--json'], { SEALBOOK_PASSWORD: OWNER_PASSWORD });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    const listed = await run(['audit', 'list', dir, '--user', 'alice', '--since', '2000-01-01', '--json'], {
      SEALBOOK_PASSWORD: OWNER_PASSWORD,
    });
    const actions = (JSON.parse(listed.stdout) as { action: string }[]).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['vault.created', 'users.added', 'vault.keyRotated', 'audit.verified']));
  });

  it('recovers with the recovery key and binds the new password to this device', async () => {
    const recovered = await run(['vault', 'recover', dir, '--json'], {
      SEALBOOK_RECOVERY_KEY: recoveryKey.toLowerCase(),
      SEALBOOK_NEW_PASSWORD: 'lantern meadow copper 2031 xy',
    });
    expect(recovered.code).toBe(0);
    const status = await run(['vault', 'status', dir, '--user', 'alice'], { SEALBOOK_PASSWORD: 'lantern meadow copper 2031 xy' });
    expect(status.code).toBe(0);
  });

  it('replaces the recovery key: the old one stops working, the new one opens', async () => {
    const kit = join(work, 'kit-2.pdf');
    const replaced = await run(['vault', 'new-recovery-key', dir, '--user', 'alice', '--kit', kit, '--json'], {
      SEALBOOK_PASSWORD: 'lantern meadow copper 2031 xy',
    });
    expect(replaced.code).toBe(0);
    const { recoveryKey: fresh } = JSON.parse(replaced.stdout) as { recoveryKey: string };
    expect(fresh).not.toBe(recoveryKey);
    expect(readFileSync(kit).subarray(0, 5).toString()).toBe('%PDF-');
    const old = await run(['vault', 'recover', dir], { SEALBOOK_RECOVERY_KEY: recoveryKey, SEALBOOK_NEW_PASSWORD: 'orchid basalt ferry 7702 qq' });
    expect(old.code).toBe(4);
    const ok = await run(['vault', 'recover', dir], { SEALBOOK_RECOVERY_KEY: fresh, SEALBOOK_NEW_PASSWORD: 'orchid basalt ferry 7702 qq' });
    expect(ok.code).toBe(0);
  });
});
