import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT } from '../../../src-shared/contract.js';
import type { Channel } from '../../../src-shared/contract.js';
import { ROLES, roleAllows } from '../../../src-shared/roles.js';
import type { Role } from '../../../src-shared/roles.js';
import { Session } from '../../../src-main/core/people/session.js';
import { OWNER_PASSWORD, withVault } from './harness.js';
import type { Harness } from './harness.js';
import { sampleFor } from './sample-input.js';

const USERS: Record<Role, { name: string; password: string }> = {
  owner: { name: 'anna', password: OWNER_PASSWORD },
  accountant: { name: 'bob', password: 'purple elephant dances quietly' },
  bookkeeper: { name: 'carl', password: 'seven lanterns over harbor street' },
  auditor: { name: 'dora', password: 'quiet rivers carry old maps' },
};

/**
 * Inputs for our channels that pass the schema and do no lasting harm
 * (refused later by the handler, or harmless). Every other channel gets a
 * generated sample; its handler is a stub until the registry assembles all.
 */
function samples(h: Harness, role: Role): Partial<Record<Channel, unknown>> {
  const me = USERS[role];
  return {
    'vault.create': { dir: `${h.root}/never-created`, company: 'X', owner: 'x', password: 'weak' },
    'vault.open': { dir: `${h.root}/no-vault-here` },
    'vault.recover': { dir: h.vaultDir, recoveryKey: 'AAAA', newPassword: 'weak' },
    'session.unlock': { user: me.name, password: me.password },
    'session.reauth': { password: me.password },
    'session.changePassword': { current: me.password, next: me.password },
    'users.add': { name: 'matrix', role: 'auditor', oneTimePassword: 'weak' },
    'users.update': { id: 'no-such-user' },
    'users.resetPassword': { id: 'no-such-user', oneTimePassword: 'weak' },
    'mfa.confirm': { code: '000000' },
    'settings.update': { autoLockMinutes: 15 },
  };
}

describe('role matrix: every channel as every role', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await withVault();
    for (const role of ['accountant', 'bookkeeper', 'auditor'] as const) {
      await h.ok('users.add', { name: USERS[role].name, role, oneTimePassword: USERS[role].password });
    }
  });
  afterAll(async () => h.cleanup());

  async function actAs(role: Role): Promise<void> {
    const current = h.app.session;
    if (!(current instanceof Session) || current.isEnded || current.userName !== USERS[role].name) {
      if (!h.app.vault) await h.ok('vault.open', { dir: h.vaultDir });
      await h.ok('session.unlock', { user: USERS[role].name, password: USERS[role].password });
    }
    // Fresh proof, so reauth never hides the answer (reauth has its own tests).
    (h.app.session as Session).markProof();
  }

  it('has a schema-valid input for every channel that needs a session', () => {
    const invalid = CHANNELS.filter((c) => {
      if (CONTRACT[c].access === 'public') return false;
      const input = samples(h, 'owner')[c] ?? sampleFor(CONTRACT[c].input);
      return !CONTRACT[c].input.safeParse(input).success;
    });
    expect(invalid, 'add a sample input for these channels in role-matrix.test.ts').toEqual([]);
  });

  it.each(ROLES)('answers FORBIDDEN exactly where the matrix says, as %s', async (role) => {
    const mismatches: string[] = [];
    for (const channel of CHANNELS) {
      await actAs(role);
      const input = samples(h, role)[channel] ?? sampleFor(CONTRACT[channel].input);
      const result = await h.dispatcher.call(channel, input);
      const forbidden = !result.ok && result.error.code === 'FORBIDDEN';
      const allowed = roleAllows(role, CONTRACT[channel].access);
      if (forbidden === allowed) {
        mismatches.push(`${channel}: ${allowed ? 'allowed' : 'denied'} by the matrix, got ${result.ok ? 'ok' : `${result.error.code} ${result.error.message}`}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('records denials in the audit log', async () => {
    await actAs('owner');
    const denied = await h.ok('audit.list', { filter: { action: 'access.denied' }, limit: 1000 });
    const expected = ROLES.flatMap((role) => CHANNELS.filter((c) => !roleAllows(role, CONTRACT[c].access))).length;
    expect(denied.total).toBe(expected);
    expect(await h.ok('audit.verify')).toMatchObject({ ok: true });
  });
});
