import iconv from 'iconv-lite';
import { formatMoney } from '../../../../src-shared/money.js';
import { ValidationError } from '../../errors.js';
import { nowIso } from '../../invoices/context.js';
import type { BooksContext } from '../context.js';
import { requireSettings } from '../context.js';
import { exportEntries, pairs } from './entries.js';

/**
 * DATEV Buchungsstapel in the EXTF format (version 700, format category 21,
 * format version 13): a header line, a column line, and one booking per
 * debit/credit pair, in Windows-1252 with CRLF as DATEV's import expects.
 * VAT is booked explicitly on the VAT accounts, so revenue and expense lines
 * carry BU-Schlüssel 40 (no automatic VAT) and DATEV does not add it twice.
 * Only the leading 14 booking columns are written; DATEV reads the trailing
 * ones as empty.
 */
export const DATEV_COLUMNS = [
  'Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Kurs', 'Basis-Umsatz', 'WKZ Basis-Umsatz', 'Konto',
  'Gegenkonto (ohne BU-Schlüssel)', 'BU-Schlüssel', 'Belegdatum', 'Belegfeld 1', 'Belegfeld 2', 'Skonto', 'Buchungstext',
] as const;

export interface DatevOptions {
  /** Beraternummer (1001-9999999) and Mandantennummer (1-99999) of the accountant's DATEV. */
  readonly advisor: number;
  readonly client: number;
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
/** Belegfeld 1 allows letters, digits and $ & % * + - / only, 36 at most. */
const belegfeld = (voucher: string): string => voucher.replace(/[^A-Za-z0-9$&%*+\-/]/g, '-').slice(0, 36);

export function datevExport(ctx: BooksContext, from: string, to: string, options: DatevOptions): { fileName: string; bytes: Buffer } {
  const settings = requireSettings(ctx);
  if (settings.chart !== 'skr03' && settings.chart !== 'skr04') {
    throw new ValidationError('DATEV imports SKR03 or SKR04 books; these books use another chart. Export FEC or the plain-text journal instead.');
  }
  if (from.slice(0, 4) !== to.slice(0, 4)) {
    throw new ValidationError('A DATEV Buchungsstapel covers one fiscal year; export each year on its own.', { to: 'Same year as the start.' });
  }
  const created = nowIso(ctx).replace(/\D/g, '').slice(0, 17).padEnd(17, '0');
  const header = [
    quote('EXTF'), '700', '21', quote('Buchungsstapel'), '13', created, '', quote('SB'), quote('Sealbook'), '',
    String(options.advisor), String(options.client), `${from.slice(0, 4)}0101`, '4', from.replace(/-/g, ''), to.replace(/-/g, ''),
    quote(`Sealbook ${from} ${to}`.slice(0, 30)), '', '1', '0', '0', quote(settings.currency), '', '', '', '', quote(settings.chart === 'skr03' ? '03' : '04'), '', '', '', '',
  ];
  const automatic = new Set(
    (ctx.db.prepare("SELECT number FROM accounts WHERE vat_code IS NOT NULL AND type IN ('income', 'expense')").all() as { number: string }[]).map((r) => r.number),
  );
  const lines = [header.join(';'), DATEV_COLUMNS.map(quote).join(';')];
  for (const entry of exportEntries(ctx, from, to)) {
    for (const pair of pairs(entry)) {
      const bu = automatic.has(pair.debit) || automatic.has(pair.credit) ? '40' : '';
      lines.push([
        formatMoney(pair.amount, settings.currency).replace('.', ','), quote('S'), quote(settings.currency), '', '', '',
        pair.debit, pair.credit, bu === '' ? '' : quote(bu), `${entry.date.slice(8, 10)}${entry.date.slice(5, 7)}`,
        quote(belegfeld(entry.voucher)), quote(entry.number.slice(0, 12)), '', quote((pair.line.text || entry.text).replace(/[\r\n]+/g, ' ').slice(0, 60)),
      ].join(';'));
    }
  }
  return { fileName: `EXTF_Buchungsstapel_${from}_${to}.csv`, bytes: iconv.encode(lines.join('\r\n') + '\r\n', 'win1252') };
}
