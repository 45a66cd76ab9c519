import { deflateSync } from 'node:zlib';
import type { InvoiceDocument, InvoiceLine } from '../../../src-main/core/pdf/invoice-document.js';

/** A small RGBA PNG (a blue rounded badge with a white bar) for the logo. */
export function logoPng(width = 240, height = 80): Uint8Array {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    for (let x = 0; x < width; x += 1) {
      const at = row + 1 + x * 4;
      const inBadge = x < height && Math.hypot(x - height / 2, y - height / 2) < height / 2 - 2;
      const inBar = x > height + 10 && y > height / 2 - 6 && y < height / 2 + 6;
      const white = inBadge && y > height / 2 - 8 && y < height / 2 + 8 && x > 18 && x < height - 18;
      const [r, g, b, a] = white ? [255, 255, 255, 255] : inBadge ? [31, 74, 125, 255] : inBar ? [200, 160, 60, 255] : [0, 0, 0, 0];
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
      raw[at + 3] = a;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const DESCRIPTIONS = [
  'Beratung Datenschutz-Folgenabschätzung (DSGVO Art. 35), inkl. Workshop mit der Geschäftsführung und schriftlichem Abschlussbericht für die Aufsichtsbehörde',
  'Straße & Maß: Wartung der Kühlanlage, Größe XL',
  'Licence logicielle « Comptabilité Pro » – abonnement annuel, 5 postes, mises à jour incluses',
  'Café crème für das Team-Meeting (Œuvre spéciale), à 2,50 € pro Tasse',
  'Hosting',
];

/** A realistic invoice with mixed VAT rates; `lineCount` lines (amounts are fixed strings, not computed here). */
export function sampleInvoice(lineCount = 6, overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines: InvoiceLine[] = Array.from({ length: lineCount }, (_, index) => ({
    position: String(index + 1),
    description: DESCRIPTIONS[index % DESCRIPTIONS.length] ?? 'Service',
    quantity: index % 3 === 0 ? '2.5' : '1',
    unit: index % 3 === 0 ? 'h' : 'pc',
    unitPrice: index % 2 === 0 ? '1234.56' : '19.90',
    vatRate: index % 4 === 3 ? '7' : '19',
    ...(index === 1 ? { discount: '5.00' } : {}),
    net: index % 2 === 0 ? '3086.40' : '19.90',
  }));
  return {
    kind: 'invoice',
    locale: 'en',
    number: '2026-0042',
    issueDate: '2026-11-24',
    dueDate: '2026-12-24',
    deliveryDate: '2026-11-20',
    currency: 'EUR',
    seller: {
      legalName: 'Müller & Söhne Großhandel GmbH',
      addressLines: ['Hauptstraße 12', '80331 München', 'Germany'],
      vatId: 'DE123456789',
      registrationNo: 'HRB 123456, Amtsgericht München',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank München',
      email: 'rechnung@mueller-soehne.example',
      phone: '+49 89 1234567',
      website: 'www.mueller-soehne.example',
      logo: { bytes: logoPng(), type: 'png' },
    },
    buyer: {
      name: 'Élodie Lefèvre SARL',
      addressLines: ['17 rue de la Paix', '75002 Paris', 'France'],
      vatId: 'FR40303265045',
      reference: 'PO-88231',
    },
    lines,
    vatBreakdown: [
      { rate: '19', taxable: '6212.70', vat: '1180.41' },
      { rate: '7', taxable: '19.90', vat: '1.39' },
      { rate: '0', taxable: '0.00', vat: '0.00', exemptionReason: 'Intra-community supply, Art. 138 VAT Directive' },
    ],
    totals: { net: '6232.60', vat: '1181.80', gross: '7414.40', paid: '1000.00', due: '6414.40' },
    notes: 'Thank you for your order. Goods remain our property until paid in full. Questions? Write to rechnung@mueller-soehne.example.',
    paymentTerms: 'Payable within 30 days net. 2 % early-payment discount within 10 days.',
    ...overrides,
  };
}
