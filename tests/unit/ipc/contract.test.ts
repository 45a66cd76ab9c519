import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src-main/ipc/registry.js';
import { CHANNELS, CONTRACT } from '../../../src-shared/contract.js';
import { PERMISSIONS } from '../../../src-shared/roles.js';

describe('IPC contract', () => {
  const handlers = createHandlers();

  it('has a handler for every channel and a channel for every handler', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
    for (const name of Object.keys(handlers)) expect(typeof handlers[name as keyof typeof handlers]).toBe('function');
  });

  it('names a known access level for every channel', () => {
    const known = new Set<string>(['public', 'session', ...PERMISSIONS]);
    for (const [name, spec] of Object.entries(CONTRACT)) {
      expect(known.has(spec.access), `${name} access ${spec.access}`).toBe(true);
    }
  });

  it('audits every channel that changes the vault', () => {
    const changing = /\.(create|add|update|issue|credit|pay|delete|rotateKey|recover|confirm|disable|resetPassword|changePassword|import|runDue|exportCsv|exportRoot)/;
    for (const [name, spec] of Object.entries(CONTRACT)) {
      if (changing.test(name)) expect(spec.audited, name).toBe(true);
    }
  });
});
