/**
 * The :86: information field of MT940. Three shapes occur: the German
 * "Geschäftsvorfallcode" layout (GVC, then ?NN subfields; Triodos writes >NN),
 * the Dutch structured layout (/NAME/…/REMI/…), and free text.
 */
export interface Details {
  readonly payee: string;
  readonly text: string;
  readonly reference: string;
}

const SEPA_TAGS = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC)\+/g;

/** "EREF+123 MREF+M1 SVWZ+Invoice 42" -> { EREF: "123", MREF: "M1", SVWZ: "Invoice 42" } */
export function sepaTags(purpose: string): Map<string, string> {
  const tags = new Map<string, string>();
  const matches = [...purpose.matchAll(SEPA_TAGS)];
  matches.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = matches[i + 1]?.index ?? purpose.length;
    const key = m[1] ?? '';
    if (!tags.has(key)) tags.set(key, purpose.slice(start, end).trim());
  });
  return tags;
}

function germanDetails(joined: string, separator: string): Details {
  const fields = new Map<string, string>();
  const re = new RegExp(`\\${separator}(\\d{2})([^${separator === '?' ? '?' : '>'}]*)`, 'g');
  for (const m of joined.matchAll(re)) {
    const code = m[1] ?? '';
    fields.set(code, (fields.get(code) ?? '') + (m[2] ?? ''));
  }
  const pick = (codes: string[]): string => codes.map((c) => fields.get(c) ?? '').join('');
  const purpose = pick(['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63']).trim();
  const tags = sepaTags(purpose);
  const eref = tags.get('EREF') ?? '';
  const svwz = tags.get('SVWZ');
  const postingText = (fields.get('00') ?? '').trim();
  return {
    payee: pick(['32', '33']).replace(/\s+/g, ' ').trim(),
    text: [postingText, svwz ?? purpose].filter((t) => t !== '').join(' ').replace(/\s+/g, ' '),
    reference: eref === 'NOTPROVIDED' ? '' : eref,
  };
}

const DUTCH_CODES = /\/(TRTP|IBAN|BIC|NAME|REMI|EREF|CNTP|ORDP|BENM|ADDR|ISDT|MARF|CSID|PREF|RTRN|SVCL|ULTC|ULTD|ULTB|PURP|TRCD)\//g;

function dutchDetails(joined: string): Details {
  const matches = [...joined.matchAll(DUTCH_CODES)];
  const fields = new Map<string, string>();
  matches.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = matches[i + 1]?.index ?? joined.length;
    const key = m[1] ?? '';
    if (!fields.has(key)) fields.set(key, joined.slice(start, end).replace(/\/+$/, '').trim());
  });
  // /CNTP/account/BIC/name/city: the name is the third part.
  const counterparty = fields.get('CNTP')?.split('/')[2] ?? '';
  const remi = fields.get('REMI') ?? '';
  const eref = fields.get('EREF') ?? '';
  return {
    payee: (fields.get('NAME') ?? counterparty).replace(/^\/+/, '').trim(),
    text: remi.replace(/^(USTD|STRD)\/\/?/, '').replace(/\/+/g, ' ').trim() || (fields.get('TRTP') ?? ''),
    reference: eref === 'NOTPROVIDED' ? '' : eref,
  };
}

export function parseDetails(raw: string): Details {
  const lines = raw.split('\n').map((l) => l.replace(/\s+$/, ''));
  const joined = lines.join('');
  const gvc = /^\d{3}([?>])/.exec(joined);
  if (gvc && new RegExp(`\\${gvc[1] ?? '?'}\\d{2}`).test(joined.slice(3))) return germanDetails(joined, gvc[1] ?? '?');
  if (/^\/[A-Z]{3,4}\//.test(joined) || /\/(NAME|REMI|TRTP)\//.test(joined)) return dutchDetails(joined);
  const text = lines.join(' ').replace(/^[A-Z0-9]{3}\?/, '').replace(/\s+/g, ' ').trim();
  const tags = sepaTags(text);
  return { payee: '', text: tags.get('SVWZ') ?? text, reference: tags.get('EREF') ?? '' };
}
