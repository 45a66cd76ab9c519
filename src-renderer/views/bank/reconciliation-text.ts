import type { ReconciliationNote } from '../../../src-shared/bank.js';
import { translateCounts } from '../../lib/i18n.js';
import type { Language, MessageKey, Params } from '../../lib/i18n.js';
import { formatAmount, formatDate } from '../invoices/format.js';

/**
 * A statement's reconciliation in the reader's language, from the figures
 * main checked (main's own message is English, for the command line).
 */
export function reconciliationText(note: ReconciliationNote, language: Language): string {
  const t = (key: MessageKey, params: Params = {}): string => translateCounts(language, key, params);
  const f = note.facts;
  const money = (value: string): string => formatAmount(value, f.currency, language);
  const date = (iso: string | null): string => (iso === null ? '' : formatDate(iso, language));
  const period = f.from !== null && f.to !== null && f.from !== f.to ? t('bank.rec.period', { from: date(f.from), to: date(f.to) }) : t('bank.rec.day', { date: date(f.to ?? f.from) });
  const lines = t('bank.rec.lines', { count: f.lines, total: money(f.total) });
  if (!note.ok) {
    const problems: string[] = [];
    if (f.mismatch !== null && f.opening !== null && f.closing !== null) {
      const params = { opening: money(f.opening), lines, computed: money(f.mismatch.computed), closing: money(f.closing), difference: money(f.mismatch.difference) };
      problems.push(t(f.mismatch.missing ? 'bank.rec.missing' : 'bank.rec.tooMuch', params) + (f.mismatch.rejected > 0 ? t('bank.rec.rejected', { count: f.mismatch.rejected }) : ''));
    }
    if (f.gap !== null) {
      problems.push(t('bank.rec.gap', { previous: money(f.gap.previousClosing), date: date(f.gap.previousDate), opening: money(f.gap.opening), difference: money(f.gap.difference) }));
    }
    return t('bank.rec.problems', { period, problems: problems.join(t('bank.rec.and')) });
  }
  if (f.opening !== null && f.closing !== null) return t('bank.rec.agrees', { period, opening: money(f.opening), lines, closing: money(f.closing) });
  return f.closing !== null ? t('bank.rec.continuesClosing', { period, closing: money(f.closing) }) : t('bank.rec.continuesOpening', { period, opening: money(f.opening ?? '0') });
}
