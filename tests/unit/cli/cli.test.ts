import { describe, expect, it } from 'vitest';
import { AppState } from '../../../src-main/core/app.js';
import { LockedOutError } from '../../../src-main/core/errors.js';
import { COMMANDS } from '../../../src-main/cli/commands/index.js';
import { runCli } from '../../../src-main/cli/run.js';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Handlers } from '../../../src-main/ipc/handlers.js';
import { CHANNELS } from '../../../src-shared/contract.js';
import { FakeSession } from '../ipc/fake-session.js';

type Fn = (input: never, ctx: { app: AppState }) => unknown;

function cli(overrides: Partial<Record<string, Fn>>, env: NodeJS.ProcessEnv = {}) {
  const app = new AppState({ mode: 'cli', version: 't', appDataDir: '/nonexistent' });
  const all = Object.fromEntries(CHANNELS.map((c) => [c, overrides[c] ?? (() => null)])) as unknown as Handlers;
  const dispatcher = createDispatcher(app, all, { log: () => undefined });
  const out: string[] = [];
  const err: string[] = [];
  const run = (argv: string[]) =>
    runCli(argv, dispatcher, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: '/tmp' });
  return { run, out, err, app };
}

const unlockOk: Partial<Record<string, Fn>> = {
  'vault.open': () => ({ id: 'v1', name: 'Acme', dir: '/v', users: ['alice'], passwordOnly: false }),
  'session.unlock': (_input, { app }) => {
    app.session = new FakeSession('owner', Date.now());
    return {};
  },
};

describe('sealbook CLI', () => {
  it('explains every command in --help and in <command> --help', async () => {
    const { run, out } = cli({});
    expect(await run(['--help'])).toBe(0);
    for (const command of COMMANDS) expect(out[0]).toContain(command.name);
    expect(out[0]).toMatch(/4 {2}authentication failed or locked out/);
    for (const command of COMMANDS) {
      out.length = 0;
      expect(await run([...command.name.split(' '), '--help'])).toBe(0);
      expect(out[0]).toContain(`sealbook ${command.name}`);
      expect(out[0]).toContain('Exit codes');
    }
  });

  it('exits 2 on usage errors with a pointer to help', async () => {
    const { run, err } = cli({});
    expect(await run(['frobnicate'])).toBe(2);
    expect(await run(['vault', 'status', '/v'])).toBe(2);
    expect(err.join('\n')).toContain('--user NAME is required');
    expect(await run(['user', 'add', '/v', 'bob', '--user', 'alice'])).toBe(2);
    expect(err.join('\n')).toContain('--role is required');
    expect(await run(['vault', 'status', '/v', '--user', 'alice', '--bogus'])).toBe(2);
  });

  it('asks for SEALBOOK_PASSWORD when there is no terminal', async () => {
    const { run, err } = cli(unlockOk);
    expect(await run(['vault', 'status', '/v', '--user', 'alice'])).toBe(2);
    expect(err.join('\n')).toContain('Set SEALBOOK_PASSWORD');
  });

  it('exits 4 with the wait in the message when locked out, and prints the error as JSON', async () => {
    const retryAt = new Date('2026-11-24T10:05:00Z');
    const { run, out, err } = cli(
      {
        ...unlockOk,
        'session.unlock': () => {
          throw new LockedOutError(retryAt);
        },
      },
      { SEALBOOK_PASSWORD: 'pw' },
    );
    expect(await run(['vault', 'status', '/v', '--user', 'alice', '--json'])).toBe(4);
    expect(err.join('\n')).toContain('2026-11-24 10:05:00');
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ error: { code: 'LOCKED_OUT', details: { retryAt: retryAt.toISOString() } } });
  });

  it('exits 3 when the audit chain is broken and locks the session afterwards', async () => {
    const { run, out, app } = cli(
      { ...unlockOk, 'audit.verify': () => ({ ok: false, rows: 10, firstBadSeq: 7 }) },
      { SEALBOOK_PASSWORD: 'pw' },
    );
    expect(await run(['audit', 'verify', '/v', '--user', 'alice', '--json'])).toBe(3);
    expect(JSON.parse(out[0] ?? '')).toEqual({ ok: false, rows: 10, firstBadSeq: 7 });
    expect(app.session).toBeNull();
  });

  it('exits 5 when the role forbids the command', async () => {
    const { run } = cli(
      {
        ...unlockOk,
        'session.unlock': (_input, { app }) => {
          app.session = new FakeSession('bookkeeper', Date.now());
          return {};
        },
      },
      { SEALBOOK_PASSWORD: 'pw' },
    );
    expect(await run(['vault', 'rotate-key', '/v', '--user', 'alice'])).toBe(5);
  });
});
