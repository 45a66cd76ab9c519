/** Receipt text as lines, with a form that keyword rules can match without worrying about case or accents. */
export interface Line {
  readonly index: number;
  readonly raw: string;
  /** Upper case, accents removed (NET À PAYER → NET A PAYER), whitespace collapsed. */
  readonly folded: string;
}

export function foldForMatching(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'SS')
    .toUpperCase()
    .replace(/[\t\u00a0\u202f ]+/g, ' ')
    .trim();
}

export function splitLines(text: string): Line[] {
  return text
    .split(/\r?\n/)
    .map((raw) => raw.trim())
    .filter((raw) => raw !== '')
    .map((raw, index) => ({ index, raw, folded: foldForMatching(raw) }));
}
