import { formatMoney } from '../../../../src-shared/money.js';
import { ValidationError } from '../../errors.js';
import { readProfile } from '../../invoices/company.js';
import type { BooksContext } from '../context.js';
import { requireSettings } from '../context.js';
import { exportEntries } from './entries.js';

/**
 * FEC, Fichier des Écritures Comptables (art. A47 A-1 LPF): the 18 columns
 * in their order, tab-separated, dates YYYYMMDD, amounts with a decimal
 * comma, named <SIREN>FEC<closing date>.txt.
 */
export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
  'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
] as const;

const JOURNALS: Readonly<Record<string, readonly [string, string]>> = {
  invoice: ['VE', 'Ventes'],
  credit_note: ['VE', 'Ventes'],
  payment: ['BQ', 'Banque'],
  bank_line: ['BQ', 'Banque'],
  expense: ['AC', 'Achats'],
  supplier_invoice: ['AC', 'Achats'],
  opening: ['AN', 'A nouveaux'],
};

/** The SIREN: the registration number's 9 digits, or the ones inside a French VAT id (FRkk + SIREN). */
export function sirenOf(registration: string, vatId: string): string | null {
  const digits = registration.replace(/\D/g, '');
  if (digits.length >= 9) return digits.slice(0, 9);
  const vat = /^FR[0-9A-Z]{2}(\d{9})$/.exec(vatId.replace(/\s/g, '').toUpperCase());
  return vat?.[1] ?? null;
}

const ymd = (date: string): string => date.replace(/-/g, '');
const clean = (text: string): string => text.replace(/[\t\r\n]+/g, ' ').trim();

export function fecExport(ctx: BooksContext, from: string, to: string): { fileName: string; text: string } {
  const { currency } = requireSettings(ctx);
  const profile = readProfile(ctx);
  const siren = sirenOf(profile.registrationNumber, profile.vatId);
  if (siren === null) {
    throw new ValidationError('The FEC file is named after the SIREN: enter the 9-digit SIREN (or SIRET) as the registration number in the company profile.', { registrationNumber: 'SIREN needed.' });
  }
  const amount = (v: bigint): string => formatMoney(v, currency).replace('.', ',');
  const rows: string[] = [FEC_COLUMNS.join('\t')];
  for (const entry of exportEntries(ctx, from, to)) {
    const [code, label] = JOURNALS[entry.sourceType] ?? ['OD', 'Opérations diverses'];
    for (const line of entry.lines) {
      const aux = line.party !== null && line.openItem !== null ? line.party : '';
      rows.push([
        code, label, entry.number, ymd(entry.date), line.account, clean(line.accountName),
        aux === '' ? '' : clean(aux).toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 17), clean(aux),
        clean(entry.voucher), ymd(entry.date), clean(line.text || entry.text),
        amount(line.amount > 0n ? line.amount : 0n), amount(line.amount < 0n ? -line.amount : 0n),
        '', '', ymd(entry.postedAt.slice(0, 10)), '', '',
      ].join('\t'));
    }
  }
  return { fileName: `${siren}FEC${ymd(to)}.txt`, text: rows.join('\r\n') + '\r\n' };
}
