import { describe, expect, it } from 'vitest';
import type { KeyedLine } from '../../../src-main/core/bank/dedup.js';
import { DedupKeyer, dedupKeys } from '../../../src-main/core/bank/dedup.js';

/**
 * Dedup keys are stored: a vault imported with one version must find its
 * lines again with the next. These values were made by the keying the
 * vaults hold (migration 0013's dated keys); any change to them is a change
 * of format and needs a migration.
 */
describe('dedup keys', () => {
  const coffee = { bookingDate: '2026-12-01', amount: -350n, payee: 'Café Müller', text: 'Kaffee  ' };
  const lines: KeyedLine[] = [coffee, { ...coffee, payee: 'CAFÉ MÜLLER' }, { ...coffee, bankId: 'FITID-1' }, { ...coffee, bankId: 'FITID-1' }, { ...coffee, bankId: '' }];
  const stored = ['2026-12-01oRGbJerc6MYSeqiRQtIFCq', '2026-12-01IuB5HqNgUBEUL2jxv92d8W', 'GnSRa96b1MlJodZe5zSI2o', 'YYoIeSYw993Ijj2P8rLQRh', '2026-12-01yrJsS3PDGIiHISIiRvwpJX'];

  it('keeps the stored format: dated text keys count occurrences of the same normalised text, bank ids their own', () => {
    expect(dedupKeys(lines)).toEqual(stored);
  });

  it('gives the same keys line by line with the text normalised by the caller', () => {
    const keyer = new DedupKeyer();
    expect(lines.map((line) => keyer.key(line, line.bankId ? undefined : 'café müller kaffee'))).toEqual(stored);
  });
});
