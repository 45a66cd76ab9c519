/**
 * Units of measure as UN/ECE Recommendation 20 codes (BT-130). The invoice
 * editor takes free text; common words map to their code, a code typed as
 * such is kept, anything else is C62 ("one", a unit count).
 */
const WORDS: Readonly<Record<string, string>> = {
  h: 'HUR', hr: 'HUR', hrs: 'HUR', hour: 'HUR', hours: 'HUR', heure: 'HUR', heures: 'HUR', stunde: 'HUR', stunden: 'HUR', std: 'HUR',
  min: 'MIN', minute: 'MIN', minutes: 'MIN',
  day: 'DAY', days: 'DAY', jour: 'DAY', jours: 'DAY', tag: 'DAY', tage: 'DAY',
  week: 'WEE', weeks: 'WEE', month: 'MON', months: 'MON', mois: 'MON', monat: 'MON', year: 'ANN', years: 'ANN',
  pc: 'H87', pcs: 'H87', piece: 'H87', pieces: 'H87', stk: 'H87', stück: 'H87', pièce: 'H87', pièces: 'H87',
  kg: 'KGM', g: 'GRM', t: 'TNE', l: 'LTR', litre: 'LTR', liter: 'LTR', m: 'MTR', km: 'KMT', m2: 'MTK', 'm²': 'MTK', m3: 'MTQ', 'm³': 'MTQ',
  kwh: 'KWH', set: 'SET', lump: 'LS', forfait: 'LS', pauschal: 'LS',
};

const CODES = new Set(['C62', 'H87', 'HUR', 'MIN', 'DAY', 'WEE', 'MON', 'ANN', 'KGM', 'GRM', 'TNE', 'LTR', 'MTR', 'KMT', 'MTK', 'MTQ', 'KWH', 'SET', 'LS', 'XPP', 'EA']);

export function rec20Unit(unit: string): string {
  const trimmed = unit.trim();
  if (CODES.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return WORDS[trimmed.toLowerCase()] ?? 'C62';
}
