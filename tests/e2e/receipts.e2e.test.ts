import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextFunctions } from '../../src-main/core/receipts/context.js';
import { installReceiptsBackground } from '../../src-main/core/receipts/background.js';
import { receiptsRuntime } from '../../src-main/core/receipts/runtime.js';
import * as fx from '../integration/receipts/fixtures.js';
import { eventually, SCREENSHOT_DIR, startSealbook } from './harness.js';
import type { SealbookUnderTest } from './harness.js';

const OWNER = 'rita';
const PASSWORD = 'Saffron-Ledger-Compass-2044!';
const DOCS = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/**
 * The text phase's plumbing with a small extractor (the real text module
 * lands separately): PDFs "say" a hotel bill with a card number on it.
 */
const text: TextFunctions = {
  extractText: (source) =>
    Promise.resolve(source.kind === 'pdf' ? { text: 'Hotel Adler München GESAMT 180,00 EUR MwSt 7% Karte 4111 1111 1111 1111', method: 'pdf-text', panMasked: false } : { text: '', method: 'none', panMasked: false }),
  prefillFromText: (body) => (body.includes('Adler') ? { supplier: 'Hotel Adler', date: '2026-11-28', total: '180.00', currency: 'EUR', vatRate: '7' } : {}),
};

async function dropFiles(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') }));
  // Evaluated in the page (a string body: this test compiles without DOM types).
  const transfer = await page.evaluateHandle(
    `((files) => { const dt = new DataTransfer(); for (const f of files) { const bin = atob(f.b64); const bytes = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i); dt.items.add(new File([bytes], f.name)); } return dt; })(${JSON.stringify(payload)})`,
  );
  await page.dispatchEvent('[data-testid="receipts-view"]', 'drop', { dataTransfer: transfer });
}

async function shot(sut: SealbookUnderTest, name: string): Promise<void> {
  await sut.shots(name);
  mkdirSync(DOCS, { recursive: true });
  copyFileSync(join(SCREENSHOT_DIR, `${name}-light.png`), join(DOCS, `${name}-light.png`));
}

describe('receipts and expenses through the real UI', () => {
  let sut: SealbookUnderTest;
  let page: Page;

  beforeAll(async () => {
    sut = await startSealbook();
    page = sut.page;
    installReceiptsBackground(sut.app, (message, error) => console.error(message, error));
    receiptsRuntime(sut.app).deps = { text };
    const created = await sut.dispatcher.call('vault.create', { dir: join(sut.workDir, 'vault'), company: 'Adler Consulting GmbH', owner: OWNER, password: PASSWORD });
    expect(created.ok).toBe(true);
    await sut.dispatcher.call('session.lock', {});
    await page.reload();
    await page.getByTestId('unlock').waitFor();
    await page.getByLabel('User', { exact: true }).selectOption(OWNER);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('nav-receipts').click();
    await page.getByTestId('receipts-view').waitFor();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('takes a drop of 20 files: the tray shows the job, the report explains every file', async () => {
    const photo = await fx.jpeg(640, 480, 'Taxi 12.40');
    const files = [
      { name: 'taxi.jpg', bytes: photo },
      { name: 'taxi-again.jpg', bytes: photo },
      { name: 'broken.jpg', bytes: await fx.truncatedJpeg() },
      { name: 'notes.pdf', bytes: Buffer.from('meeting notes, not a PDF\n') },
      { name: 'empty.png', bytes: Buffer.alloc(0) },
      { name: 'phone.heic', bytes: fx.heic() },
      { name: 'scanner.tiff', bytes: await fx.multiPageTiff(3, 400, 300) },
      { name: 'mail.eml', bytes: await fx.mailWithAttachments() },
      { name: 'hotel.pdf', bytes: await fx.digitalPdf(['Hotel Adler', 'GESAMT 180,00 EUR']) },
      { name: 'signed.pdf', bytes: await fx.signedPdf() },
      { name: 'locked.pdf', bytes: await fx.encryptedPdf() },
      { name: 'scan.png', bytes: await fx.png(500, 700, 'Baumarkt') },
      { name: 'web.webp', bytes: await fx.webp(400, 300, 'Online order') },
    ];
    for (let i = 0; files.length < 20; i += 1) files.push({ name: `fuel-${i + 1}.jpg`, bytes: await fx.jpeg(480, 640, `Fuel ${i + 1}`) });
    expect(files).toHaveLength(20);
    await dropFiles(page, files);

    await eventually(() => page.getByTestId('jobs-tray').innerText().catch(() => '')).toMatch(/Importing receipts/);
    await sut.screenshot('receipts-tray');
    await eventually(() => page.getByTestId('report-summary').innerText().catch(() => '')).toMatch(/^17 imported, 1 duplicates, 3 rejected$/);
    const rejected = await page.getByTestId('report-rejected').allInnerTexts();
    expect(rejected.join('\n')).toMatch(/broken\.jpg.*damaged/);
    expect(rejected.join('\n')).toMatch(/notes\.pdf.*plain text/);
    expect(rejected.join('\n')).toMatch(/empty\.png.*empty \(0 bytes\)/);
    expect(await page.getByTestId('report-notice').innerText()).toMatch(/locked\.pdf.*password-protected/);
    await eventually(() => page.getByTestId('receipt-row').count()).toBe(17);
    copyFileSync(join(SCREENSHOT_DIR, 'receipts-tray.png'), join(DOCS, 'receipts-tray.png'));
    await shot(sut, 'receipts-report');
  });

  it('links a duplicate to the archived receipt and shows the sealed rendition with the original offered', async () => {
    const duplicate = await page.getByTestId('report-duplicate').innerText();
    await page.getByTestId('report-duplicate').getByRole('button').click();
    await page.getByTestId('receipt-viewer').waitFor();
    // Both copies were in flight at once: whichever was hashed first is the archived one, the other links to it.
    const archived = duplicate.startsWith('taxi-again.jpg') ? 'taxi.jpg' : 'taxi-again.jpg';
    await eventually(() => page.locator('#receipt-viewer-title').innerText()).toBe(archived);
    await eventually(async () => Number(await page.getByTestId('receipt-canvas').getAttribute('width'))).toBeGreaterThan(100);
    expect(await page.getByTestId('download-original').isVisible()).toBe(true);
    const download = page.waitForEvent('download');
    await page.getByTestId('download-original').click();
    expect((await download).suggestedFilename()).toBe(archived);
  });

  it('searches the extracted text; the card number is masked and flagged', async () => {
    await eventually(async () => {
      await page.getByTestId('receipt-search').fill('');
      await page.getByTestId('receipt-search').fill('adler');
      return page.getByTestId('receipt-row').count();
    }).toBe(4);
    await page.getByRole('button', { name: 'Open hotel.pdf' }).click();
    await page.getByTestId('pan-notice').waitFor();
    expect(await page.getByTestId('receipt-text').innerText()).toContain('************1111');
    expect(await page.getByTestId('receipt-text').innerText()).not.toContain('4111 1111');
    await eventually(async () => Number(await page.getByTestId('receipt-canvas').getAttribute('width'))).toBeGreaterThan(100);
    await shot(sut, 'receipts-viewer');
  });

  it('reviews drafts from the keyboard: prefilled fields, next, edit, confirm', async () => {
    await page.getByTestId('nav-expenses').click();
    await page.getByTestId('review-form').waitFor();
    expect(await page.getByTestId('queue-position').innerText()).toBe('1 of 17');
    await page.keyboard.press('j');
    await eventually(() => page.getByTestId('queue-position').innerText()).toBe('2 of 17');
    await page.keyboard.press('k');
    // Find a prefilled draft (one of the PDFs) with J.
    await eventually(async () => {
      if ((await page.getByTestId('exp-supplier').inputValue()) === 'Hotel Adler') return true;
      await page.keyboard.press('j');
      return false;
    }).toBe(true);
    expect(await page.getByTestId('exp-gross').inputValue()).toBe('180.00');
    expect(await page.getByTestId('exp-totals').innerText()).toMatch(/168\.22 .* 11\.78 .* 180\.00 EUR/);
    await eventually(async () => Number(await page.getByTestId('receipt-canvas').getAttribute('width'))).toBeGreaterThan(100);
    await shot(sut, 'expenses-review');
    await page.keyboard.press('e');
    await page.getByTestId('exp-supplier').fill('Hotel Adler GmbH');
    await page.keyboard.press('Control+Enter');
    await eventually(() => page.getByTestId('toasts').innerText()).toMatch(/Expense confirmed/);
    await eventually(() => page.getByTestId('queue-position').innerText()).toBe('1 of 16');
    const confirmed = await sut.dispatcher.call('expenses.list', { status: 'confirmed' });
    expect(confirmed.ok && confirmed.value.rows.map((e) => [e.supplier, e.gross, e.vat])).toEqual([['Hotel Adler GmbH', '180.00', '11.78']]);
    expect(sut.consoleErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });

  it('lists the newest 200 receipts and shows the next ones on request', async () => {
    await page.getByTestId('nav-receipts').click();
    await page.getByTestId('receipts-view').waitFor();
    // 190 more small scans (each different) on top of the 17: 207 in all.
    const scans = await Promise.all(Array.from({ length: 190 }, async (_, i) => ({ name: `scan-${String(i + 1).padStart(3, '0')}.png`, bytes: await fx.png(40 + (i % 50), 20 + Math.floor(i / 50), `S${String(i)}`) })));
    await dropFiles(page, scans);
    await eventually(() => page.getByTestId('report-summary').innerText().catch(() => '')).toMatch(/^190 imported/);
    await eventually(() => page.getByTestId('receipt-row').count()).toBe(200);
    expect(await page.getByTestId('receipts-more').innerText()).toBe('Show more (200 of 207 shown)');
    await page.getByTestId('receipts-more').click();
    await eventually(() => page.getByTestId('receipt-row').count()).toBe(207);
    expect(await page.getByTestId('receipts-more').count()).toBe(0);
    // The oldest receipts are the ones the second page brought.
    expect(await page.getByTestId('receipt-row').last().innerText()).not.toMatch(/scan-/);
    // A refresh (this import finishing, or its text jobs) keeps what "Show more" brought.
    await dropFiles(page, [{ name: 'scan-late.png', bytes: await fx.png(97, 31, 'late') }]);
    await eventually(() => page.getByTestId('report-summary').innerText().catch(() => '')).toMatch(/^1 imported/);
    await eventually(() => page.getByTestId('receipt-row').count()).toBe(208);
    expect(await page.getByTestId('receipt-row').first().innerText()).toMatch(/scan-late/);
  });
});
