/**
 * Audit details never hold secrets and never a card number (DESIGN §4-5).
 * Keys that name a secret are redacted; Luhn-valid PANs are cut to the last 4.
 */
const SECRET_KEY = /pass(word|phrase)?|secret|token|otp|recovery|private|key$/i;

// 13-19 digits, optionally grouped by single spaces or dashes (how people type card numbers).
const PAN_CANDIDATE = /\d(?:[ -]?\d){12,18}/g;
// The same without /g: a test that keeps no state, for the common text with no candidate at all.
const HAS_PAN_CANDIDATE = /\d(?:[ -]?\d){12}/;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Replaces every Luhn-valid card number in `text` by `**** **** **** 1234`-style masking. */
export function maskPans(text: string): string {
  if (!HAS_PAN_CANDIDATE.test(text)) return text;
  return text.replace(PAN_CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, '');
    if (digits.length < 13 || !luhnValid(digits)) return match;
    return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
}

/** A copy of `value` safe to store in an audit row. */
export function redactDetails(value: unknown, key = ''): unknown {
  // A flag (e.g. passwordOnly) cannot carry a secret; anything else under such a key is dropped.
  if (key !== '' && SECRET_KEY.test(key) && typeof value !== 'boolean') return '[redacted]';
  if (typeof value === 'string') return maskPans(value);
  if (typeof value === 'number') return Number.isInteger(value) && String(value).length >= 13 ? maskPans(String(value)) : value;
  if (Array.isArray(value)) return value.map((item) => redactDetails(item));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDetails(v, k);
    return out;
  }
  return value;
}
