/**
 * Reading the numbers and dates banks write, into canonical decimals and ISO
 * dates. Pure; no floats: amounts stay strings of digits.
 */

export type DecimalMark = ',' | '.';

/**
 * "1.234,56", "-$1,750.06", "+120,00", "9,90-", "- $21.59", "£500.00",
 * "4.093,32 €" -> "1234.56" etc. Returns null when it is not an amount.
 * `mark` is the decimal separator; the other one is a thousands separator.
 */
/** What most bank cells hold ("-1234,56", "99.90"): read without the general pass. */
const PLAIN_AMOUNT: Readonly<Record<DecimalMark, RegExp>> = { ',': /^(-?)0*(\d+?)(?:,(\d*))?$/, '.': /^(-?)0*(\d+?)(?:\.(\d*))?$/ };

export function canonicalAmount(raw: string, mark: DecimalMark): string | null {
  const simple = PLAIN_AMOUNT[mark].exec(raw);
  if (simple) {
    const [, sign = '', digits = '', fraction = ''] = simple;
    const canonical = fraction === '' ? digits : `${digits}.${fraction}`;
    return sign === '-' && /[1-9]/.test(canonical) ? `-${canonical}` : canonical;
  }
  let text = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^'+|'+$/g, '');
  text = text.replace(/(EUR|USD|GBP|CHF|CAD|AUD|NZD|PLN|HUF|[$€£¥])/gi, '');
  if (text === '') return null;
  let negative = false;
  if (/^[-+]/.test(text)) {
    negative = text.startsWith('-');
    text = text.slice(1);
  } else if (/-$/.test(text)) {
    negative = true;
    text = text.slice(0, -1);
  } else if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  const thousands = mark === ',' ? '.' : ',';
  const pattern = mark === ',' ? /^\d{1,3}(?:\.\d{3})*(?:,\d*)?$|^\d+(?:,\d*)?$/ : /^\d{1,3}(?:,\d{3})*(?:\.\d*)?$|^\d+(?:\.\d*)?$/;
  if (!pattern.test(text)) return null;
  const plain = text.split(thousands).join('');
  const [whole = '0', fraction = ''] = plain.split(mark);
  const digits = whole.replace(/^0+(?=\d)/, '');
  const canonical = fraction === '' ? digits : `${digits}.${fraction}`;
  return negative && /[1-9]/.test(canonical) ? `-${canonical}` : canonical;
}

/** Which decimal mark a set of amount cells uses: the one that is followed by 1-2 digits at the end. */
export function guessDecimalMark(samples: readonly string[]): DecimalMark {
  let comma = 0;
  let point = 0;
  for (const sample of samples) {
    const s = sample.replace(/[\s\u00a0]/g, '').replace(/-$/, '');
    if (/,\d{1,2}$/.test(s) || /^\d+,\d+$/.test(s)) comma += 1;
    else if (/\.\d{1,2}$/.test(s) || /\.\d+$/.test(s.replace(/,/g, ''))) point += 1;
  }
  return comma > point ? ',' : '.';
}

/** Negates a canonical decimal. */
export function negate(amount: string): string {
  if (amount.startsWith('-')) return amount.slice(1);
  return /[1-9]/.test(amount) ? `-${amount}` : amount;
}

export const DATE_ORDERS = ['DMY', 'MDY', 'YMD'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  mär: 3, mai: 5, okt: 10, dez: 12, fév: 2, avr: 4, juin: 6, juil: 7, aoû: 8, déc: 12,
};

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isoFrom(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12 || day < 1) return null;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (MONTH_DAYS[month - 1] ?? 31) + (leap ? 1 : 0)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Two-digit years: 70-99 are 19xx, the rest 20xx (bank exports are never older than 1970). */
function fullYear(text: string): number {
  const year = Number(text);
  if (text.length >= 3) return year;
  return year >= 70 ? 1900 + year : 2000 + year;
}

/**
 * "25.2.2026", "01/04/20", "2013/01/17", "20121115", "07 Nov 2013",
 * "10-Nov-9", "2002-09-10T23:00:04", "20091224120000[0:GMT]" -> ISO date.
 */
export function parseDate(raw: string, order: DateOrder): string | null {
  // A statement has few distinct dates (a 100,000-line file about 2,500): each is read once.
  const seen = recentDates[order];
  const known = seen.get(raw);
  if (known !== undefined) return known;
  const date = readDate(raw, order);
  if (seen.size >= RECENT_DATES) seen.clear();
  seen.set(raw, date);
  return date;
}

const RECENT_DATES = 4096;
const recentDates: Readonly<Record<DateOrder, Map<string, string | null>>> = { DMY: new Map(), MDY: new Map(), YMD: new Map() };

function readDate(raw: string, order: DateOrder): string | null {
  const text = raw.trim().replace(/^'|'$/g, '');
  const compact = /^(\d{4})(\d{2})(\d{2})(?:\d{0,6}(?:\.\d+)?)?(?:\[[^\]]*\])?$/.exec(text);
  if (compact) return isoFrom(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) return isoFrom(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const named = /^(\d{1,2})[\s.-]+([A-Za-zäéû]{3,5})\.?[\s.-]+(\d{1,4})$/.exec(text);
  if (named) {
    const month = MONTHS[(named[2] ?? '').toLowerCase().slice(0, 4)] ?? MONTHS[(named[2] ?? '').toLowerCase().slice(0, 3)];
    if (month === undefined) return null;
    return isoFrom(fullYear(named[3] ?? ''), month, Number(named[1]));
  }
  const parts = /^(\d{1,4})\s*[./-]\s*(\d{1,2})\s*[./'-]\s*(\d{1,4})$/.exec(text.replace(/'/g, '/'));
  if (!parts) return null;
  const [a = '', b = '', c = ''] = parts.slice(1);
  if (a.length === 4) return isoFrom(Number(a), Number(b), Number(c));
  switch (order) {
    case 'DMY':
      return isoFrom(fullYear(c), Number(b), Number(a));
    case 'MDY':
      return isoFrom(fullYear(c), Number(a), Number(b));
    case 'YMD':
      return isoFrom(fullYear(a), Number(b), Number(c));
    default: {
      const unreachable: never = order;
      return unreachable;
    }
  }
}

/** The first date order (in preference order) under which every sample is a real date. */
export function guessDateOrder(samples: readonly string[], preference: readonly DateOrder[] = DATE_ORDERS): DateOrder | null {
  const values = samples.filter((s) => s.trim() !== '');
  if (values.length === 0) return null;
  for (const order of preference) {
    if (values.every((s) => parseDate(s, order) !== null)) return order;
  }
  return null;
}

/** Collapses whitespace and case so "ACME  GmbH " and "acme gmbh" dedup alike. */
const UNUSUAL_SPACE = /[^\S ]| {2}/;

/** Runs of whitespace to one space. Most bank texts have single spaces only: they skip the replace (a new string per line). */
export function collapseSpaces(text: string): string {
  return UNUSUAL_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text;
}

export function normaliseText(text: string): string {
  return collapseSpaces(text.normalize('NFC').toLowerCase()).trim();
}
