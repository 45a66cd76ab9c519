import type { DocumentAllowance, DocumentAllowanceInput, InvoiceLine, InvoiceLineInput, InvoiceStatus } from '../../../src-shared/invoicing.js';
import type { Language } from '../../lib/i18n.js';

/**
 * Display helpers for the invoicing screens. Amounts arrive from main as
 * decimal strings; they are only regrouped for reading here, never parsed
 * into numbers, so no floating point touches money in the renderer.
 */
export function formatAmount(decimal: string, currency: string, language: Language): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) return `${decimal} ${currency}`.trim();
  const [, sign = '', whole = '', fraction] = match;
  const group = language === 'fr' ? '\u202f' : ',';
  const point = language === 'fr' ? ',' : '.';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${fraction === undefined ? '' : point + fraction} ${currency}`.trim();
}

/** "19.00" -> "19 %", "7.7" -> "7.7 %" (main already normalised the rate). */
export function formatRate(rate: string, language: Language): string {
  const trimmed = rate.includes('.') ? rate.replace(/\.?0+$/, '') : rate;
  return `${language === 'fr' ? trimmed.replace('.', ',') : trimmed}\u00a0%`;
}

/** True for "0", "0.00", "0.000": a display check only (main decides what is owed). */
export function isZero(decimal: string): boolean {
  return /^-?0*(\.0*)?$/.test(decimal.trim()) && decimal.trim() !== '';
}

export function formatDate(iso: string | null, language: Language): string {
  if (!iso) return '—';
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
}

/** Today in the user's own calendar, as the default of a date field. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const STATUS_BADGE: Readonly<Record<InvoiceStatus, string>> = {
  draft: 'badge',
  issued: 'badge badge-accent',
  partially_paid: 'badge badge-warning',
  paid: 'badge badge-success',
  overdue: 'badge badge-danger',
  credited: 'badge',
};

/** Reads a chosen file as base64 (without the data: prefix) for a contract field. */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = (): void => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = (): void => reject(reader.error ?? new Error('read-failed'));
    reader.readAsDataURL(file);
  });
}

/** One editable invoice line: every field a string, exactly as typed. */
export interface EditableLine {
  key: number;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  vatRate: string;
  exemptionReason: string;
  discount: string;
}

let nextKey = 1;

export function newLine(vatRate = ''): EditableLine {
  return { key: nextKey++, description: '', quantity: '1', unit: '', unitPrice: '', vatRate, exemptionReason: '', discount: '' };
}

export function fromLine(line: InvoiceLine | InvoiceLineInput): EditableLine {
  return {
    key: nextKey++,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit ?? '',
    unitPrice: line.unitPrice,
    vatRate: line.vatRate,
    exemptionReason: line.exemptionReason ?? '',
    discount: line.discount ?? '',
  };
}

export function toLineInput(line: EditableLine): InvoiceLineInput {
  const optional = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  return {
    description: line.description,
    quantity: line.quantity,
    unit: line.unit.trim() === '' ? undefined : line.unit.trim(),
    unitPrice: line.unitPrice,
    vatRate: line.vatRate,
    exemptionReason: optional(line.exemptionReason),
    discount: optional(line.discount),
  };
}

/** One editable document allowance or charge (EN 16931 BG-20 / BG-21), every field as typed. */
export interface EditableAllowance {
  key: number;
  charge: boolean;
  reason: string;
  reasonCode: string;
  vatRate: string;
  exemptionReason: string;
  amount: string;
  percent: string;
}

export function newAllowance(charge: boolean, vatRate = ''): EditableAllowance {
  return { key: nextKey++, charge, reason: '', reasonCode: '', vatRate, exemptionReason: '', amount: '', percent: '' };
}

export function fromAllowance(allowance: DocumentAllowance): EditableAllowance {
  return {
    key: nextKey++,
    charge: allowance.charge,
    reason: allowance.reason,
    reasonCode: allowance.reasonCode ?? '',
    vatRate: allowance.vatRate,
    exemptionReason: allowance.exemptionReason ?? '',
    // A percentage decides the amount; main computes it again from the base.
    amount: allowance.percent === null ? allowance.amount : '',
    percent: allowance.percent ?? '',
  };
}

export function toAllowanceInput(allowance: EditableAllowance): DocumentAllowanceInput {
  const optional = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  return {
    charge: allowance.charge,
    reason: allowance.reason,
    reasonCode: optional(allowance.reasonCode),
    vatRate: allowance.vatRate,
    exemptionReason: optional(allowance.exemptionReason),
    amount: optional(allowance.amount),
    percent: optional(allowance.percent),
  };
}

/** BT-72, BG-14 (BT-73, BT-74), BT-13 and BT-12 as typed; '' when empty. */
export interface Terms {
  deliveryDate: string;
  periodStart: string;
  periodEnd: string;
  orderReference: string;
  contractReference: string;
}
