import { describe, expect, it } from 'vitest';
import { dedupKeys } from '../../../src-main/core/bank/dedup.js';
import type { BankContext } from '../../../src-main/core/bank/context.js';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { BlobStore } from '../../../src-main/core/vault/blobs.js';
import { beforeMigration } from '../../support/migration.js';

const CSV = ['Buchungstag;Verwendungszweck;Betrag', '02.01.2026;Miete Januar;-800,00', '02.01.2026;Miete Januar;-800,00', '05.01.2026;Gehalt;2500,00'].join('\n');

describe('migration bank-dated-dedup-keys', () => {
  it('prefixes the stored keys without a bank id with their date, so a statement imported before the upgrade adds nothing again', () => {
    beforeMigration('bank-dated-dedup-keys', (db, dir) => {
      db.prepare("INSERT INTO bank_accounts (id, name, currency, created_at, updated_at) VALUES ('a', 'Giro', 'EUR', 'x', 'x')").run();
      // What the importer stored before: the 22-character digest alone, for lines with and without a bank id.
      const rent = { bookingDate: '2026-01-02', amount: -80000n, payee: '', text: 'Miete Januar' };
      const lines = [rent, rent, { bookingDate: '2026-01-05', amount: 250000n, payee: '', text: 'Gehalt' }];
      const oldKeys = dedupKeys(lines).map((key) => key.slice(10));
      const insert = db.prepare("INSERT INTO bank_transactions (account_id, booking_date, amount, text, bank_id, dedup_key) VALUES ('a', ?, ?, ?, ?, ?)");
      lines.forEach((line, i) => insert.run(line.bookingDate, line.amount, line.text, i === 2 ? '' : null, oldKeys[i]));
      const idKey = dedupKeys([{ ...rent, bankId: 'REF-1' }])[0];
      insert.run('2026-01-07', -100, 'Gebühr', 'REF-1', idKey);

      migrate(db);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      const keys = db.prepare('SELECT dedup_key FROM bank_transactions ORDER BY id').pluck().all() as string[];
      expect(keys).toEqual([`2026-01-02${oldKeys[0] ?? ''}`, `2026-01-02${oldKeys[1] ?? ''}`, `2026-01-05${oldKeys[2] ?? ''}`, idKey]);

      const ctx: BankContext = {
        db,
        blobs: new BlobStore(dir, () => db, () => new Date()),
        now: () => new Date('2026-02-01T10:00:00Z'),
        actor: 'anna',
        transaction: (fn) => db.transaction(fn)(),
        audit: () => undefined,
      };
      const again = importStatement(ctx, { accountId: 'a', fileName: 'januar.csv', bytes: new TextEncoder().encode(CSV) });
      expect(again).toMatchObject({ new: 0, duplicates: 3 });
      expect(db.prepare('SELECT count(*) FROM bank_transactions').pluck().get()).toBe(4);
    });
  });
});
