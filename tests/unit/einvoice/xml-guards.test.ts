import { describe, expect, it } from 'vitest';
import { parseSvrl } from '../../../src-main/core/einvoice/svrl.js';
import { detectSyntax } from '../../../src-main/core/einvoice/syntax.js';
import { rec20Unit } from '../../../src-main/core/einvoice/units.js';
import { UnsafeXmlError, decodeSafeXml } from '../../../src-main/core/einvoice/xml-safety.js';
import { retentionDate } from '../../../src-main/core/einvoice/receive.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('unsafe XML is refused before any parser', () => {
  it.each([
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice>&xxe;</Invoice>'],
    ['a billion-laughs bomb', '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><Invoice>&b;</Invoice>'],
    ['a bare DOCTYPE', '<!doctype Invoice SYSTEM "http://evil.example/x.dtd"><Invoice/>'],
  ])('%s', (_label, xml) => {
    expect(() => decodeSafeXml(bytes(xml), 'x.xml')).toThrow(UnsafeXmlError);
  });

  it('accepts a plain UTF-8 invoice with a BOM, and refuses UTF-16 with what to do', () => {
    expect(decodeSafeXml(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('<a/>')]), 'a.xml')).toBe('<a/>');
    expect(() => decodeSafeXml(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]), 'u.xml')).toThrow(/UTF-16; save it as UTF-8/);
  });
});

describe('syntax detection by root element and namespace', () => {
  it('tells CII, UBL Invoice, UBL CreditNote, ZUGFeRD 1 and other XML apart', () => {
    expect(detectSyntax('<?xml version="1.0"?><!-- c --><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>')).toBe('cii');
    expect(detectSyntax('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')).toBe('ubl-invoice');
    expect(detectSyntax('<ubl:CreditNote xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>')).toBe('ubl-creditnote');
    expect(detectSyntax('<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>')).toBe('zugferd1');
    expect(detectSyntax('<Invoice xmlns="urn:example:not-ubl"/>')).toBeNull();
    expect(detectSyntax('not xml')).toBeNull();
  });
});

describe('SVRL findings', () => {
  it('reads rule id, severity, message and location; strips the [id] prefix', () => {
    const svrl = `<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
      <svrl:failed-assert id="BR-CO-15" flag="fatal" location="/*:CrossIndustryInvoice[1]"><svrl:text>[BR-CO-15]-Invoice total amount with VAT (BT-112) = ...</svrl:text></svrl:failed-assert>
      <svrl:failed-assert id="BR-DE-21" flag="warning" location="/x"><svrl:text>Should carry the XRechnung id.</svrl:text></svrl:failed-assert>
    </svrl:schematron-output>`;
    expect(parseSvrl(svrl)).toEqual([
      { ruleId: 'BR-CO-15', severity: 'error', message: 'Invoice total amount with VAT (BT-112) = ...', location: '/*:CrossIndustryInvoice[1]' },
      { ruleId: 'BR-DE-21', severity: 'warning', message: 'Should carry the XRechnung id.', location: '/x' },
    ]);
    const long = `<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"><svrl:failed-assert id="BR-16" flag="fatal" location="/*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]/*:Total[namespace-uri()='urn:x'][1]"><svrl:text>t</svrl:text></svrl:failed-assert></svrl:schematron-output>`;
    expect(parseSvrl(long)[0]?.location).toBe('/Invoice[1]/Total[1]');
    expect(parseSvrl('<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"/>')).toEqual([]);
  });
});

describe('units and retention', () => {
  it('maps free-text units to UN/ECE Rec 20 codes', () => {
    expect(['hours', 'Std', 'pcs', 'kg', 'HUR', 'widgets'].map(rec20Unit)).toEqual(['HUR', 'HUR', 'H87', 'KGM', 'HUR', 'C62']);
  });
  it('keeps originals 10 years from the end of the calendar year received', () => {
    expect(retentionDate(new Date('2026-01-01T00:00:00Z'))).toBe('2036-12-31');
    expect(retentionDate(new Date('2026-12-31T23:59:59Z'))).toBe('2036-12-31');
  });
});
