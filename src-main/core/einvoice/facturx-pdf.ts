import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PDFDict, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import type { PDFDocument, PDFRef } from 'pdf-lib';
import { UnavailableError } from '../errors.js';
import { resourcePath } from '../resources.js';
import { esc } from './xml-writer.js';

/**
 * Turns the laid-out invoice into a Factur-X PDF/A-3B before it is sealed
 * (Factur-X 1.0 §6, ISO 19005-3): the CII XML embedded as factur-x.xml with
 * AFRelationship /Data and listed in the catalog's /AF, XMP metadata with
 * pdfaid and the Factur-X extension schema, an sRGB OutputIntent, and a
 * trailer /ID (pdf-lib writes none by itself). Fonts are already embedded
 * subsets (DESIGN §5). The seal is added afterwards in the same save, so the
 * signature covers the XML too.
 */
export const FACTURX_FILE_NAME = 'factur-x.xml';

let iccProfile: Uint8Array | null = null;
function srgbProfile(): Uint8Array {
  if (iccProfile) return iccProfile;
  try {
    iccProfile = new Uint8Array(readFileSync(resourcePath('icc', 'sRGB.icc')));
  } catch {
    throw new UnavailableError('The sRGB colour profile (resources/icc/sRGB.icc) is missing; reinstall Sealbook.');
  }
  return iccProfile;
}

const pdfDate = (date: Date): string => `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

function infoText(doc: PDFDocument, key: string): string {
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const value = info.lookup(PDFName.of(key));
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : '';
}

/** XMP mirrors the Info dictionary, as PDF/A requires. */
function xmp(doc: PDFDocument, createdAt: Date): string {
  const at = createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const li = (value: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${esc(value)}</rdf:li></rdf:Alt>`;
  const property = (name: string, description: string): string =>
    `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/pdf</dc:format><dc:title>${li(infoText(doc, 'Title'))}</dc:title><dc:creator><rdf:Seq><rdf:li>${esc(infoText(doc, 'Author'))}</rdf:li></rdf:Seq></dc:creator><dc:description>${li(infoText(doc, 'Subject'))}</dc:description></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${esc(infoText(doc, 'Producer'))}</pdf:Producer></rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>${esc(infoText(doc, 'Creator'))}</xmp:CreatorTool><xmp:CreateDate>${at}</xmp:CreateDate><xmp:ModifyDate>${at}</xmp:ModifyDate><xmp:MetadataDate>${at}</xmp:MetadataDate></rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>${FACTURX_FILE_NAME}</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>EN 16931</fx:ConformanceLevel></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource"><pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>${property('DocumentFileName', 'name of the embedded XML invoice file')}${property('DocumentType', 'INVOICE')}${property('Version', 'The actual version of the Factur-X XML schema')}${property('ConformanceLevel', 'The conformance level of the embedded Factur-X data')}</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

function embedXml(doc: PDFDocument, xml: Uint8Array, createdAt: Date): PDFRef {
  const { context } = doc;
  const stream = context.flateStream(xml, {
    Type: 'EmbeddedFile',
    Subtype: 'text/xml',
    Params: { Size: xml.length, ModDate: PDFString.of(pdfDate(createdAt)), CheckSum: PDFHexString.of(createHash('md5').update(xml).digest('hex')) },
  });
  const streamRef = context.register(stream);
  const spec = context.obj({
    Type: 'Filespec',
    F: PDFString.of(FACTURX_FILE_NAME),
    UF: PDFHexString.fromText(FACTURX_FILE_NAME),
    Desc: PDFString.of('Factur-X invoice (EN 16931)'),
    // Factur-X: /Data for the EN 16931 profile (the PDF is the legal invoice, the XML its data).
    AFRelationship: PDFName.of('Data'),
    EF: { F: streamRef, UF: streamRef },
  });
  return context.register(spec);
}

export function makeFacturX(doc: PDFDocument, xml: Uint8Array, createdAt: Date): void {
  const { context, catalog } = doc;
  const specRef = embedXml(doc, xml, createdAt);
  catalog.set(PDFName.of('Names'), context.obj({ EmbeddedFiles: { Names: [PDFString.of(FACTURX_FILE_NAME), specRef] } }));
  catalog.set(PDFName.of('AF'), context.obj([specRef]));
  const metadata = context.stream(new TextEncoder().encode(xmp(doc, createdAt)), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));
  const icc = context.flateStream(srgbProfile(), { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: context.register(icc),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
  // ISO 32000 §14.4: the same random-looking id twice for a new file.
  const id = PDFHexString.of(createHash('sha256').update(xml).update(createdAt.toISOString()).digest('hex').slice(0, 32));
  context.trailerInfo.ID = context.obj([id, id]);
}
