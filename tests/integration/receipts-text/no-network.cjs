// Preloaded with --require into a child process, and by Node into every worker
// thread it starts (tesseract.js's OCR thread included): any attempt to reach
// the network is reported on stderr and fails.
const { isMainThread } = require('node:worker_threads');
const net = require('node:net');
const dns = require('node:dns');

const thread = isMainThread ? 'main thread' : 'worker thread';
const refuse = (what) => {
  process.stderr.write(`NETWORK ATTEMPT: ${what} from the ${thread}\n`);
  throw new Error(`network is off in this test (${what})`);
};
globalThis.fetch = (input) => refuse(`fetch ${String(input)}`);
// Local pipes (a path, as tsx's own IPC uses) are not the network; TCP to any host is.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // Node passes its normalised [options, callback] array to connect() internally.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const local = typeof first === 'string' || (typeof first === 'object' && first !== null && 'path' in first && first.path !== undefined);
  if (!local) refuse(`socket connect ${JSON.stringify(first)}`);
  return connect.apply(this, args);
};
dns.lookup = (host) => refuse(`dns lookup ${String(host)}`);
