import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { XsdFile } from './rules.js';

/**
 * One long-running xmllint (libxml2 compiled to WebAssembly, xmllint-wasm)
 * per schema, in its own worker thread, that parsed its schemas once.
 * xmllint checks every file named on its command line against the schema it
 * read at the start; here those files are character devices whose reads
 * block (Atomics.wait) until the main thread sends the next document, so one
 * run serves thousands of documents and a warm check costs a few ms instead
 * of re-reading the UBL schemas (~250 ms) or re-compiling the wasm. A
 * document is done when xmllint starts reading the next device; a run that
 * ends (all devices used, or a crash) reports what it has and starts again.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { glue, wasm, args, files, devices, port, signal } = workerData;
const createXmllint = require(glue);
const compiled = new WebAssembly.Module(readFileSync(wasm));
const wake = new Int32Array(signal);
function nextJob() {
  for (;;) {
    const seen = Atomics.load(wake, 0);
    const received = receiveMessageOnPort(port);
    if (received !== undefined) return received.message;
    Atomics.wait(wake, 0, seen);
  }
}
function runXmllint() {
  let current = null;
  let reading = -1;
  let position = 0;
  let stderr = '';
  let finished = false;
  const report = (exitCode) => {
    if (current !== null) port.postMessage({ id: current.id, exitCode, stderr });
    current = null;
    stderr = '';
  };
  const input = (index) => () => {
    if (index !== reading) {
      report(0);
      reading = index;
      current = nextJob();
      position = 0;
    }
    return position < current.bytes.length ? current.bytes[position++] : null;
  };
  const names = Array.from({ length: devices }, (_, index) => 'doc' + index);
  const done = (exitCode) => {
    if (finished) return;
    finished = true;
    // A run that ends before its first document (a schema that does not load) fails the next job, not in a loop.
    if (reading === -1) current = nextJob();
    report(reading === -1 ? -1 : exitCode);
    setImmediate(runXmllint);
  };
  createXmllint({
    inputFiles: files,
    arguments: [...args, ...names.map((name) => '/in/' + name)],
    print() {},
    printErr(text) { stderr += text + '\\n'; },
    onRuntimeInitialized() {
      this.FS_createPath('/', 'in', true, true);
      names.forEach((name, index) => this.FS_createDevice('/in', name, input(index), null));
    },
    onExit: () => done(0),
    onAbort(reason) { stderr += 'WASM abort: ' + reason + '\\n'; done(-1); },
    wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: 4096 }),
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), (error) => { stderr += String(error); done(-1); });
      return {};
    },
  }).catch((error) => { stderr += String(error); done(-1); });
}
runXmllint();
`;

/** Documents per xmllint run before it is started afresh (a few KB of file-system nodes each). */
const DEVICES_PER_RUN = 2000;

/** What xmllint said about one document: its messages name it as DOCUMENT_NAME. */
export interface XmllintReply {
  readonly exitCode: number;
  readonly stderr: string;
}

interface Reply extends XmllintReply {
  readonly id: number;
}

/** How xmllint names the document in its messages (a device path, rewritten to this). */
export const DOCUMENT_NAME = 'invoice.xml';

function xmllintPaths(): { glue: string; wasm: string } {
  // CommonJS bundles have __filename; ESM test runs resolve from the working directory.
  const require = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
  const glue = require.resolve('xmllint-wasm/xmllint-node.js');
  return { glue, wasm: join(dirname(glue), 'xmllint.wasm') };
}

export class XmllintSession {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private wake: Int32Array | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: XmllintReply) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly args: readonly string[],
    private readonly files: readonly XsdFile[],
  ) {}

  check(xml: string): Promise<XmllintReply> {
    const { port, wake, worker } = this.started();
    const id = (this.nextId += 1);
    return new Promise<XmllintReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced only while a document is being checked: an idle validator never keeps a CLI process alive.
      worker.ref();
      port.ref();
      port.postMessage({ id, bytes: new TextEncoder().encode(xml) });
      Atomics.add(wake, 0, 1);
      Atomics.notify(wake, 0);
    });
  }

  async stop(): Promise<void> {
    const running = this.worker;
    this.port?.close();
    this.worker = null;
    this.port = null;
    if (running) await running.terminate();
  }

  private started(): { port: MessagePort; wake: Int32Array; worker: Worker } {
    if (this.worker && this.port && this.wake) return { port: this.port, wake: this.wake, worker: this.worker };
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...xmllintPaths(), args: this.args, files: this.files, devices: DEVICES_PER_RUN, port: port2, signal },
      transferList: [port2],
    });
    port1.on('message', (reply: Reply) => {
      const job = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      job?.resolve({ exitCode: reply.exitCode, stderr: reply.stderr.replace(/\/in\/doc\d+/g, DOCUMENT_NAME) });
      if (this.pending.size === 0) {
        worker.unref();
        port1.unref();
      }
    });
    const fail = (error: Error): void => {
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
      this.worker = null;
      this.port = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The XSD validator stopped (exit ${code}).`)));
    worker.unref();
    port1.unref();
    this.worker = worker;
    this.port = port1;
    this.wake = new Int32Array(signal);
    return { port: port1, wake: this.wake, worker };
  }
}
