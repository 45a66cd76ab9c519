import { parseDetails } from './mt940-details.js';
import { decodeText } from './text.js';
import type { ParsedBalance, ParsedStatement, ParsedTransaction, ParseResult } from './types.js';
import { RowErrors, StatementRefusedError } from './types.js';
import { canonicalAmount, isoFrom } from './values.js';

/**
 * SWIFT MT940 (and MT942 interim reports): tagged fields (:20:, :25:, :60F:,
 * :61:, :86:, :62F:), one statement per :20:. Tolerates what real exports
 * carry: SWIFT blocks, SOH/ETX, a tag split over two lines, the amount of a
 * :61: on the next line, "CR"/"DR" marks, proprietary fields (:NS:).
 */
interface Field {
  readonly tag: string;
  readonly line: number;
  value: string;
}

function fieldsOf(text: string): Field[] {
  // eslint-disable-next-line no-control-regex -- SWIFT files are framed by SOH/ETX control characters.
  const lines = text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '').split(/\r\n|\n|\r/);
  const fields: Field[] = [];
  let current: Field | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    let line = (lines[i] ?? '').replace(/^\{[1-3]:[^}]*\}/g, '').replace(/^\{4:/, '');
    const lineNo = i + 1;
    // Sparkasse fragments split the tag itself: ":" then "86:...".
    if (line.trim() === ':' && /^\d{2}[A-Z]?:/.test(lines[i + 1] ?? '')) {
      line = `:${lines[i + 1] ?? ''}`;
      i += 1;
    }
    const tag = /^:(\d{2}[A-Z]?|NS):(.*)$/.exec(line);
    if (tag) {
      current = { tag: tag[1] ?? '', line: lineNo, value: tag[2] ?? '' };
      fields.push(current);
    } else if (/^-\}?\s*$/.test(line) || /^\}\s*$/.test(line)) {
      current = null;
    } else if (current && line.trim() !== '') {
      current.value += `\n${line}`;
    }
  }
  return fields;
}

function yymmdd(text: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  return m ? isoFrom(2000 + Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function balanceOf(value: string): ParsedBalance | null {
  const m = /^([CD])(\d{6})([A-Z]{3})([\d,]+)/.exec(value.replace(/\s/g, ''));
  if (!m) return null;
  const date = yymmdd(m[2] ?? '');
  const amount = canonicalAmount(m[4] ?? '', ',');
  if (date === null || amount === null) return null;
  return { date, amount: m[1] === 'D' && /[1-9]/.test(amount) ? `-${amount}` : amount };
}

const LINE_61 = /^(\d{6})(\d{4})?(R?[CD])([A-Z])?(\d[\d,]*)([NFS][A-Z0-9 ]{3})([^\n]*)/;

/** Booking date from the MMDD entry date, in the year that puts it next to the value date. */
function bookingDate(valueDate: string, entry: string | undefined): string | null {
  if (!entry) return valueDate;
  const year = Number(valueDate.slice(0, 4));
  const valueMonth = Number(valueDate.slice(5, 7));
  const month = Number(entry.slice(0, 2));
  const shifted = valueMonth === 12 && month === 1 ? year + 1 : valueMonth === 1 && month === 12 ? year - 1 : year;
  return isoFrom(shifted, month, Number(entry.slice(2, 4)));
}

function statementLine(field: Field, details: string, errors: RowErrors): ParsedTransaction | null {
  const lines = field.value.split('\n');
  const first = (lines[0] ?? '').trim();
  const joined = LINE_61.test(first) ? first : `${first}${(lines[1] ?? '').trim()}`;
  const supplementary = (LINE_61.test(first) ? lines.slice(1) : lines.slice(2)).join(' ').trim();
  const m = LINE_61.exec(joined);
  if (!m) {
    errors.add(field.line, `':61:${first}' is not a statement line (date, C/D mark, amount, type).`, { code: 'not-a-statement-line', params: { value: `:61:${first}` } });
    return null;
  }
  const [, value = '', entry, mark = 'C', , amountText = '', , rest = ''] = m;
  const valueDate = yymmdd(value);
  const booked = valueDate === null ? null : bookingDate(valueDate, entry);
  if (valueDate === null || booked === null) {
    errors.add(field.line, `'${value}${entry ?? ''}' is not a calendar date.`, { code: 'not-a-date', params: { value: `${value}${entry ?? ''}` } });
    return null;
  }
  const magnitude = canonicalAmount(amountText, ',');
  if (magnitude === null) {
    errors.add(field.line, `'${amountText}' is not an amount.`, { code: 'not-an-amount', params: { value: amountText } });
    return null;
  }
  // D and RC (reversed credit) take money out.
  const negative = mark === 'D' || mark === 'RC';
  const [customerRef = '', bankRef = ''] = rest.split('//');
  const parsed = parseDetails(details);
  const bank = bankRef.trim();
  const customer = customerRef.trim();
  return {
    line: field.line,
    bookingDate: booked,
    valueDate,
    amount: negative && /[1-9]/.test(magnitude) ? `-${magnitude}` : magnitude,
    payee: parsed.payee,
    text: parsed.text || supplementary,
    reference: parsed.reference || (customer !== 'NONREF' ? customer : ''),
    bankId: bank !== '' && bank !== 'NONREF' ? bank : undefined,
  };
}

export function parseMt940(bytes: Uint8Array): ParseResult {
  const fields = fieldsOf(decodeText(bytes));
  if (!fields.some((f) => f.tag === '61' || f.tag.startsWith('60'))) {
    throw new StatementRefusedError('This file has no MT940 statement fields (:60F: or :61:); it is not an MT940 statement.');
  }
  const errors = new RowErrors();
  const statements: ParsedStatement[] = [];
  let account: string | undefined;
  let currency: string | undefined;
  let opening: ParsedBalance | undefined;
  let closing: ParsedBalance | undefined;
  let transactions: ParsedTransaction[] = [];
  const flush = (): void => {
    if (transactions.length > 0 || opening || closing) statements.push({ account, currency, opening, closing, transactions });
    opening = undefined;
    closing = undefined;
    transactions = [];
  };
  fields.forEach((field, index) => {
    switch (field.tag) {
      case '20':
        flush();
        break;
      case '25':
        account = field.value.trim().split(/\s+/)[0];
        break;
      case '60F':
      case '60M': {
        opening = balanceOf(field.value) ?? undefined;
        currency = /^[CD]\d{6}([A-Z]{3})/.exec(field.value.trim())?.[1] ?? currency;
        if (!opening) errors.add(field.line, `'${field.value.trim()}' is not an opening balance.`, { code: 'not-a-balance', params: { value: field.value.trim() } });
        break;
      }
      case '62F':
      case '62M':
        closing = balanceOf(field.value) ?? undefined;
        if (!closing) errors.add(field.line, `'${field.value.trim()}' is not a closing balance.`, { code: 'not-a-balance', params: { value: field.value.trim() } });
        break;
      case '34F':
        currency = /^([A-Z]{3})/.exec(field.value.trim())?.[1] ?? currency;
        break;
      case '61': {
        const next = fields[index + 1];
        const line = statementLine(field, next?.tag === '86' ? next.value : '', errors);
        if (line) transactions.push(line);
        break;
      }
      default:
        break;
    }
  });
  flush();
  return { format: 'mt940', statements: statements.map((s) => ({ ...s, currency: s.currency ?? currency })), errors: errors.list };
}
