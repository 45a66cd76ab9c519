/**
 * Run by offline.test.ts in a child process with the network cut off
 * (no-network.cjs). Reads a scanned receipt and a PDF, prints one JSON line,
 * and then simply returns: no shutdown call, so the process only exits if the
 * OCR engine does not hold it open.
 */
import { Worker } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import { extractText } from '../../../src-main/core/receipts/text/index.js';
import { loadSroie } from './sroie.js';

// Proof that the guard is live in this process and in its worker threads, so a silent pass means no attempt.
async function guardWorks(): Promise<{ main: boolean; worker: boolean }> {
  const main = await Promise.resolve()
    .then(() => fetch('http://127.0.0.1:9/guard-probe'))
    .then(() => false, (error: unknown) => String(error).includes('network is off'));
  const worker = await new Promise<boolean>((resolve) => {
    const probe = new Worker("fetch('http://127.0.0.1:9/guard-probe').then(() => process.exit(1), () => process.exit(1)).catch(() => process.exit(1))", { eval: true });
    probe.on('error', (error) => resolve(String(error).includes('network is off')));
    probe.on('exit', (code) => resolve(code === 0));
  });
  return { main, worker };
}

const guard = await guardWorks();
const receipt = loadSroie('010');
const scan = await extractText({ kind: 'jpeg', bytes: receipt.image });
const pdf = await PDFDocument.create();
pdf.addPage([200, 200]);
const blank = await extractText({ kind: 'pdf', bytes: await pdf.save() });
console.log(JSON.stringify({ guard, scan: { method: scan.method, text: scan.text }, blankPdf: blank.method }));
