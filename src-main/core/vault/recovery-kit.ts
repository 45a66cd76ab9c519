import { readFileSync } from 'node:fs';
import * as fontkitNs from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { resourcePath } from '../resources.js';

export interface RecoveryKitInput {
  readonly company: string;
  readonly vaultId: string;
  readonly createdAt: Date;
  readonly recoveryKey: string;
}

// fontkit ships as UMD: under Node's ESM loader its API sits on `default`; under a CJS bundle it is the namespace.
const fontkit = (fontkitNs as typeof fontkitNs & { default?: typeof fontkitNs }).default ?? fontkitNs;

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.75, 0.75, 0.78);
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const SECTIONS: readonly { title: string; lines: readonly string[] }[] = [
  {
    title: 'What this key opens',
    lines: [
      'This key opens the vault when every password is forgotten, when this computer\u2019s keychain entry is lost, or after the vault is restored from a backup on another computer.',
      'Anyone who has this key and a copy of the vault can read everything in it.',
    ],
  },
  {
    title: 'Keep it offline',
    lines: [
      'Print this page and keep it somewhere safe, away from the computer (a locked drawer, a safe, a sealed envelope with your accountant).',
      'Do not store it on the same computer as the vault, and do not e-mail it or photograph it with a phone that backs up to the cloud.',
    ],
  },
  {
    title: 'After a restore or a lost password',
    lines: [
      '1. Open Sealbook, choose \u201cRecover\u201d and select the vault folder.',
      '2. Type the recovery key above. Upper or lower case, spaces and dashes do not matter.',
      '3. Set a new password for the owner. The vault is then bound to this computer.',
      '4. If other people use the vault, the owner resets their passwords.',
    ],
  },
  {
    title: 'If this key may have been seen by someone else',
    lines: [
      'Unlock the vault, make a new recovery key in the security settings and print the new kit. This key then stops working; destroy this page.',
    ],
  },
];

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Draws the key in numbered groups, two per row, each character centered in
 * a fixed cell so it reads like monospace (no monospace font is shipped).
 */
function drawKey(page: PDFPage, font: PDFFont, label: PDFFont, key: string, top: number): number {
  const groups = key.split('-');
  const size = 21;
  const rowHeight = 36;
  const perRow = 2;
  const cell = Math.max(...Array.from(KEY_ALPHABET, (c) => font.widthOfTextAtSize(c, size))) + 2;
  const groupWidth = cell * (groups[0]?.length ?? 7);
  const labelWidth = 22;
  const gap = 40;
  const left = (A4.width - perRow * (labelWidth + groupWidth) - (perRow - 1) * gap) / 2;
  const rows = Math.ceil(groups.length / perRow);
  const boxHeight = rows * rowHeight + 18;
  page.drawRectangle({
    x: MARGIN,
    y: top - boxHeight,
    width: A4.width - 2 * MARGIN,
    height: boxHeight,
    borderColor: INK,
    borderWidth: 1.2,
    color: rgb(0.97, 0.97, 0.98),
  });
  groups.forEach((group, i) => {
    const x0 = left + (i % perRow) * (labelWidth + groupWidth + gap);
    const baseline = top - 9 - rowHeight + 8 - Math.floor(i / perRow) * rowHeight;
    page.drawText(String(i + 1), { x: x0, y: baseline + 3, size: 9, font: label, color: MUTED });
    Array.from(group).forEach((char, j) => {
      const w = font.widthOfTextAtSize(char, size);
      page.drawText(char, { x: x0 + labelWidth + j * cell + (cell - w) / 2, y: baseline, size, font, color: INK });
    });
  });
  return top - boxHeight;
}

/** A one-page A4 Recovery Kit (issue 3 item 2), with an embedded subset of DejaVu Sans. */
export async function renderRecoveryKit(input: RecoveryKitInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(readFileSync(resourcePath('fonts', 'DejaVuSans.ttf')), { subset: true });
  const bold = await pdf.embedFont(readFileSync(resourcePath('fonts', 'DejaVuSans-Bold.ttf')), { subset: true });
  pdf.setTitle(`Sealbook Recovery Kit \u2013 ${input.company}`);
  pdf.setProducer('Sealbook');
  pdf.setCreator('Sealbook');
  pdf.setCreationDate(input.createdAt);
  pdf.setModificationDate(input.createdAt);

  const page = pdf.addPage([A4.width, A4.height]);
  const width = A4.width - 2 * MARGIN;
  let y = A4.height - MARGIN - 10;
  page.drawText('Sealbook Recovery Kit', { x: MARGIN, y, size: 24, font: bold, color: INK });
  y -= 22;
  page.drawText('Keep this page offline. It is the only way into the vault without a password.', { x: MARGIN, y, size: 10, font: regular, color: MUTED });
  y -= 16;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, thickness: 0.8, color: RULE });
  y -= 26;

  const created = `${input.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  for (const [label, value] of [['Vault', input.company], ['Vault ID', input.vaultId], ['Created', created]] as const) {
    page.drawText(label, { x: MARGIN, y, size: 10, font: bold, color: MUTED });
    for (const line of wrap(value, regular, 12, width - 90)) {
      page.drawText(line, { x: MARGIN + 90, y, size: 12, font: regular, color: INK });
      y -= 17;
    }
    y -= 3;
  }
  y -= 14;
  page.drawText('Recovery key', { x: MARGIN, y, size: 13, font: bold, color: INK });
  y = drawKey(page, bold, regular, input.recoveryKey, y - 10) - 16;
  // The same key as one line of text, for copy and paste from the PDF.
  page.drawText(`As one line: ${input.recoveryKey}`, { x: MARGIN, y, size: 9, font: regular, color: MUTED });
  y -= 30;

  for (const section of SECTIONS) {
    page.drawText(section.title, { x: MARGIN, y, size: 12, font: bold, color: INK });
    y -= 17;
    for (const paragraph of section.lines) {
      for (const line of wrap(paragraph, regular, 10.5, width)) {
        page.drawText(line, { x: MARGIN, y, size: 10.5, font: regular, color: INK });
        y -= 14.5;
      }
      y -= 4;
    }
    y -= 10;
  }
  page.drawLine({ start: { x: MARGIN, y: MARGIN + 14 }, end: { x: A4.width - MARGIN, y: MARGIN + 14 }, thickness: 0.8, color: RULE });
  page.drawText(`Sealbook \u00b7 vault ${input.vaultId}`, { x: MARGIN, y: MARGIN, size: 8, font: regular, color: MUTED });
  return pdf.save();
}
