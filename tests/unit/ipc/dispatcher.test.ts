import { describe, expect, it } from 'vitest';
import { AppState } from '../../../src-main/core/app.js';
import { ConflictError } from '../../../src-main/core/errors.js';
import { createDispatcher, REAUTH_WINDOW_MS } from '../../../src-main/ipc/dispatcher.js';
import type { Handlers } from '../../../src-main/ipc/handlers.js';
import { CHANNELS } from '../../../src-shared/contract.js';
import { FakeSession } from './fake-session.js';

const NOW = new Date('2026-11-24T10:00:00Z');

/** Every channel answers with its own name unless a test overrides it. */
function handlers(overrides: Partial<Record<string, () => unknown>> = {}): Handlers {
  return Object.fromEntries(CHANNELS.map((c) => [c, overrides[c] ?? (() => c)])) as unknown as Handlers;
}

function setup(overrides: Partial<Record<string, () => unknown>> = {}) {
  const app = new AppState({ mode: 'cli', version: 't', appDataDir: '/nonexistent', now: () => NOW });
  const logged: unknown[] = [];
  const dispatcher = createDispatcher(app, handlers(overrides), { log: (_m, e) => logged.push(e) });
  return { app, dispatcher, logged };
}

describe('dispatcher', () => {
  it('refuses an unknown channel', async () => {
    const { dispatcher } = setup();
    expect(await dispatcher.invoke('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatcher.invoke(42, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('validates the input and names the field', async () => {
    const { dispatcher } = setup();
    const result = await dispatcher.invoke('settings.update', { autoLockMinutes: 0 });
    // No session yet: validation still comes first, so the user learns what to fix.
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { autoLockMinutes: 'At least 1 minute.' } } });
    const extra = await dispatcher.invoke('app.info', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('needs a session for non-public channels', async () => {
    const { dispatcher } = setup();
    expect(await dispatcher.invoke('users.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await dispatcher.invoke('app.info', {})).toEqual({ ok: true, value: 'app.info' });
  });

  it('enforces the role matrix and audits the denial', async () => {
    const { app, dispatcher } = setup();
    const session = new FakeSession('auditor', NOW.getTime());
    app.session = session;
    expect(await dispatcher.invoke('users.add', { name: 'bob', role: 'owner', oneTimePassword: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(session.audits).toEqual([{ action: 'access.denied', subject: 'users.add', details: { role: 'auditor' } }]);
    expect(await dispatcher.invoke('audit.list', {})).toEqual({ ok: true, value: 'audit.list' });
  });

  it('asks for the password again for sensitive calls after five minutes', async () => {
    const { app, dispatcher } = setup();
    app.session = new FakeSession('owner', NOW.getTime() - REAUTH_WINDOW_MS - 1);
    const stale = await dispatcher.invoke('vault.rotateKey', {});
    expect(stale).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { needs: 'reauth' } } });
    app.session = new FakeSession('owner', NOW.getTime() - REAUTH_WINDOW_MS + 1000);
    expect(await dispatcher.invoke('vault.rotateKey', {})).toMatchObject({ ok: true });
  });

  it('opens only session channels while a one-time password is unchanged', async () => {
    const { app, dispatcher } = setup();
    const session = new FakeSession('owner', NOW.getTime());
    session.mustChangePassword = true;
    app.session = session;
    expect(await dispatcher.invoke('users.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', details: { needs: 'passwordChange' } },
    });
    expect(await dispatcher.invoke('session.changePassword', { current: 'a', next: 'b' })).toMatchObject({ ok: true });
  });

  it('leaves an audit trace for audited calls that wrote none, and counts activity', async () => {
    const { app, dispatcher } = setup();
    const session = new FakeSession('owner', NOW.getTime());
    app.session = session;
    await dispatcher.invoke('settings.update', { autoLockMinutes: 5 });
    await dispatcher.invoke('settings.get', {});
    expect(session.audits).toEqual([{ action: 'settings.update' }]);
    expect(session.touches).toBe(2);
  });

  it('maps named errors to their code and hides unexpected ones', async () => {
    const { app, dispatcher, logged } = setup({
      'users.list': () => {
        throw new ConflictError('That name is taken.');
      },
      'settings.get': () => {
        throw new Error('SQLITE_ERROR: no such table: secrets at /src/db.ts:12');
      },
    });
    app.session = new FakeSession('owner', NOW.getTime());
    expect(await dispatcher.invoke('users.list', {})).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'That name is taken.' },
    });
    const hidden = await dispatcher.invoke('settings.get', {});
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(hidden)).not.toMatch(/SQLITE|db\.ts|secrets/);
    expect(logged).toHaveLength(1);
  });
});
