import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RuleFinding } from '../../../src-shared/einvoice.js';
import type { XsdFile } from './rules.js';
import { BrokenXmlError } from './xml-tree.js';

/**
 * XSD validation with libxml2 compiled to WebAssembly (xmllint-wasm), in one
 * long-lived worker. xmllint-wasm's own validateXML starts a worker and
 * compiles the 780 KB wasm on every call (~0.4 s here); this keeps the
 * compiled module and only instantiates it per file (a few ms), so warm
 * validation fits the 150 ms budget. The worker runs xmllint's own `main`,
 * exactly as the package does.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const createXmllint = require(workerData.glue);
const compiled = new WebAssembly.Module(readFileSync(workerData.wasm));
parentPort.on('message', (job) => {
  if (!job || job.sealbookXsd !== true) return;
  let stderr = '';
  let done = false;
  const finish = (exitCode) => {
    if (done) return;
    done = true;
    parentPort.postMessage({ sealbookXsd: true, id: job.id, exitCode, stderr });
  };
  createXmllint({
    inputFiles: job.inputFiles,
    arguments: job.args,
    print() {},
    printErr(text) { stderr += text + '\\n'; },
    onExit: finish,
    onAbort(reason) { stderr += 'WASM abort: ' + reason + '\\n'; finish(-1); },
    wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: 4096 }),
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), (error) => { stderr += String(error); finish(-1); });
      return {};
    },
  }).catch((error) => { stderr += String(error); finish(-1); });
});
`;

interface Reply {
  readonly sealbookXsd?: boolean;
  readonly id: number;
  readonly exitCode: number;
  readonly stderr: string;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

function startWorker(): Worker {
  // CommonJS bundles have __filename; ESM test runs resolve from the working directory.
  const require = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
  const glue = require.resolve('xmllint-wasm/xmllint-node.js');
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { glue, wasm: join(dirname(glue), 'xmllint.wasm') } });
  started.on('message', (reply: Reply) => {
    if (reply.sealbookXsd !== true) return;
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
  });
  started.on('error', (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
    worker = null;
  });
  return started;
}

function run(inputFiles: readonly XsdFile[], args: readonly string[]): Promise<Reply> {
  worker ??= startWorker();
  const id = (nextId += 1);
  const job = worker;
  return new Promise<Reply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Referenced only while a file is being checked: an idle validator never keeps a CLI process alive.
    job.ref();
    job.postMessage({ sealbookXsd: true, id, inputFiles, args });
  });
}

/** Schema errors of one XML file as findings (rule id "XSD"); empty when it validates. */
export async function validateAgainstXsd(xml: string, mainSchema: string, schemas: readonly XsdFile[]): Promise<RuleFinding[]> {
  const reply = await run([{ fileName: 'invoice.xml', contents: xml }, ...schemas], ['--schema', mainSchema, '--noout', 'invoice.xml']);
  if (reply.exitCode === 0) return [];
  if (reply.exitCode !== 3 && reply.exitCode !== 4 && reply.exitCode !== 1) {
    throw new Error(`The XSD validator failed (exit ${reply.exitCode}): ${reply.stderr.slice(0, 300)}`);
  }
  const findings = reply.stderr
    .split('\n')
    .map((line) => /^invoice\.xml:(\d+):\s*(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ ruleId: 'XSD', severity: 'error' as const, message: (match[2] ?? '').replace(/^element\s+/, 'Element '), location: `line ${match[1] ?? '?'}` }));
  return findings.length > 0 ? findings : [{ ruleId: 'XSD', severity: 'error', message: reply.stderr.trim().slice(0, 500), location: '' }];
}

/** libxml2's own parser (no schema, no DTD: refused before): throws BrokenXmlError naming the line. */
export async function checkWellFormed(xml: string, fileName: string): Promise<void> {
  const reply = await run([{ fileName: 'invoice.xml', contents: xml }], ['--noout', '--nonet', 'invoice.xml']);
  if (reply.exitCode === 0) return;
  const first = /^invoice\.xml:(\d+):\s*(.*)$/m.exec(reply.stderr);
  const where = first ? `line ${first[1] ?? '?'}: ${first[2] ?? ''}` : reply.stderr.trim().slice(0, 200);
  throw new BrokenXmlError(`${fileName} is not well-formed XML (${where}); ask the sender for a corrected file.`);
}

/** Stops the worker (tests, app shutdown). */
export async function stopXsdWorker(): Promise<void> {
  const running = worker;
  worker = null;
  if (running) await running.terminate();
}
