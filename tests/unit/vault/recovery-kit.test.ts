import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { renderRecoveryKit } from '../../../src-main/core/vault/recovery-kit.js';
import { newRecoveryKey } from '../../../src-main/core/vault/recovery-key.js';
import { tempDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('renderRecoveryKit', () => {
  it('is one A4 page with embedded fonts, showing the vault, the date and the key', async () => {
    const { text } = newRecoveryKey();
    const pdf = await renderRecoveryKit({
      company: 'Müller & Söhne GmbH',
      vaultId: '0b4f6c1e-8a4b-4f77-9a0e-2f1d2c3b4a59',
      createdAt: new Date('2026-11-24T10:15:00Z'),
      recoveryKey: text,
    });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);

    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'kit.pdf');
    writeFileSync(file, pdf);
    const extracted = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(extracted).toContain(text);
    expect(extracted).toContain('Müller & Söhne GmbH');
    expect(extracted).toContain('0b4f6c1e-8a4b-4f77-9a0e-2f1d2c3b4a59');
    expect(extracted).toContain('2026-11-24 10:15 UTC');
    expect(extracted).toMatch(/Keep it offline/);
    // The grouped rendering carries every group too (spaces between cells aside).
    for (const group of text.split('-')) expect(extracted.replace(/\s+/g, '')).toContain(group);

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans-Bold.*CID TrueType.*yes/);
    expect(fonts).not.toMatch(/Helvetica|Times|Courier/);
  });
});
