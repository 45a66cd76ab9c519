import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import StockSaxonJS from 'saxon-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoisedWalks, SaxonJS } from '../../../src-main/core/einvoice/saxon-js-loader.js';
import { ensureEInvoiceRules, repoRoot, sharedEInvoiceDir } from './corpus.js';

/**
 * The SaxonJS the validator loads remembers its walks over a prepared
 * stylesheet (saxon-js-loader.ts); the stock library gives the same SVRL, run
 * after run, for valid and invalid invoices of both syntaxes.
 */
type Saxon = typeof StockSaxonJS;

const SAMPLES = [
  { sheet: 'en16931-cii', file: 'en16931/cii/examples/CII_example1.xml' },
  { sheet: 'facturx-en16931', file: 'en16931/cii/examples/CII_example1.xml' },
  { sheet: 'en16931-ubl', file: 'en16931/ubl/examples/ubl-tc434-example1.xml' },
];

/** The same invoice without its seller's name and with an unknown currency: several rules fail. */
const broken = (xml: string): string =>
  xml
    .replace(/(<(?:ram|cbc):(?:Name|RegistrationName)>)[^<]*/, '$1')
    .replace(/(<(?:ram:InvoiceCurrencyCode|cbc:DocumentCurrencyCode)>)[^<]*/, '$1XXX');

function runs(saxon: Saxon, sheet: string, xml: string, times: number): string[] {
  const path = join(repoRoot, 'dist/einvoice-rules', `${sheet}.sef.json`);
  let internal: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const outputs: string[] = [];
  for (let i = 0; i < times; i += 1) {
    const result = saxon.transform({ stylesheetInternal: internal, stylesheetBaseURI: pathToFileURL(path).href, sourceText: xml, destination: 'serialized' }, 'sync');
    internal = result.stylesheetInternal;
    outputs.push(result.principalResult);
  }
  return outputs;
}

describe('SaxonJS with remembered stylesheet walks', () => {
  beforeAll(() => ensureEInvoiceRules(), 600_000);

  it('is the one in use with the installed SaxonJS', () => {
    expect(memoisedWalks).toBe(true);
    expect(SaxonJS).not.toBe(StockSaxonJS);
  });

  it.each(SAMPLES)('$sheet gives the stock SVRL on $file, valid and broken', ({ sheet, file }) => {
    const xml = readFileSync(join(sharedEInvoiceDir(), file), 'utf8');
    for (const invoice of [xml, broken(xml)]) {
      const stock = runs(StockSaxonJS, sheet, invoice, 1)[0] ?? '';
      const remembered = runs(SaxonJS, sheet, invoice, 3);
      expect(remembered).toEqual([stock, stock, stock]);
    }
    expect(runs(SaxonJS, sheet, broken(xml), 1)[0]).toMatch(/<svrl:failed-assert/);
  }, 60_000);
});
