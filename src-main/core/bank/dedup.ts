import { hash } from 'node:crypto';
import { normaliseText } from './parsers/values.js';

export interface KeyedLine {
  readonly bookingDate: string;
  readonly amount: bigint;
  readonly text: string;
  readonly payee: string;
  readonly bankId?: string | undefined;
}

/**
 * Dedup keys (issue 8 item 4): the bank's own id where the file has one;
 * otherwise booking date, amount, normalised text and the occurrence index
 * of that combination within the file, so two identical real payments on one
 * day stay two, and an overlapping statement adds only the lines it adds.
 * The account is part of the unique index, not of the key.
 *
 * A key without a bank id starts with its booking date (migration 0013):
 * the unique index then takes a statement's new keys in date order, close
 * together, instead of at random places all over the index (measured: a
 * third off the insert of a 100,000-line file). A bank id key has no date:
 * the same id booked on another date must still be caught. The two kinds
 * differ in length (32 and 22 characters) and never meet.
 *
 * Occurrences count across the whole file: one keyer reads one file, in order.
 */
export class DedupKeyer {
  /**
   * How often each base was seen so far in the file, by the base's first
   * digest (occurrence 0), which every line needs anyway: a short key that
   * stays in memory instead of the whole text.
   */
  private readonly seen = new Map<string, number>();

  /** `normalised` is normaliseText(`${payee} ${text}`), for a caller that has it already. */
  key(line: KeyedLine, normalised?: string): string {
    const byBankId = line.bankId !== undefined && line.bankId !== '';
    const base = byBankId
      ? `id\u001f${line.bankId ?? ''}\u001f`
      : `tx\u001f${line.bookingDate}\u001f${line.amount.toString()}\u001f${normalised ?? normaliseText(`${line.payee} ${line.text}`)}\u001f`;
    const first = digestOf(`${base}0`);
    const occurrence = this.seen.get(first) ?? 0;
    this.seen.set(first, occurrence + 1);
    const digest = occurrence === 0 ? first : digestOf(`${base}${String(occurrence)}`);
    return byBankId ? digest : `${line.bookingDate}${digest}`;
  }
}

// One-shot hashing: a Hash object per line cost a third of a 100,000-line import's keying.
const digestOf = (text: string): string => hash('sha256', text, 'base64url').slice(0, 22);

/** The keys of a whole file's lines, in file order. */
export function dedupKeys(lines: readonly KeyedLine[]): string[] {
  const keyer = new DedupKeyer();
  return lines.map((line) => keyer.key(line));
}
