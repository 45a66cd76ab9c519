import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src-main/core/audit/chain.js';
import { auditFacets } from '../../../src-main/core/audit/query.js';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';

describe('audit facets', () => {
  it('lists each actor and action once, sorted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealbook-facets-'));
    const db = openEncryptedDb(join(dir, 'vault.db'), randomBytes(32));
    try {
      migrate(db);
      const key = randomBytes(32);
      for (const [actor, action] of [['zoe', 'users.added'], ['anna', 'vault.created'], ['zoe', 'users.added'], ['anna', 'audit.verified']]) {
        appendAudit(db, key, { actor: actor ?? '', action: action ?? '', at: new Date() });
      }
      expect(auditFacets(db)).toEqual({ actors: ['anna', 'zoe'], actions: ['audit.verified', 'users.added', 'vault.created'] });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
