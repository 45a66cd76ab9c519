import { StatementRefusedError } from './types.js';

/**
 * Bank XML never needs a DTD. A DOCTYPE or ENTITY declaration is how XML
 * bombs (billion laughs) and external-entity reads (XXE) arrive, so such a
 * file is refused before any parser sees it.
 */
export function refuseDtd(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new StatementRefusedError('This XML file declares a DOCTYPE or entities, which bank statements never do; it was refused for safety. Download the statement from your bank again.');
  }
}

/** Line number (1-based) of each occurrence of an element's start tag, in document order. */
export function tagLines(text: string, localName: string): number[] {
  const lines: number[] = [];
  const re = new RegExp(`<(?:[A-Za-z0-9_]+:)?${localName}[\\s>]`, 'g');
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    for (let i = last; i < m.index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
    last = m.index;
    lines.push(line);
  }
  return lines;
}
