import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_NAMES } from '../../src-shared/events.js';
import type { Dispatcher } from '../ipc/dispatcher.js';
import { hostHeaderOk, originOk, tokenOk } from './guard.js';
import type { HostIdentity } from './guard.js';
import { BRIDGE_PATH, readStatic } from './static.js';

export const INVOKE_PATH = '/__sealbook/invoke';
export const EVENTS_PATH = '/__sealbook/events';
/** Receipts travel base64-encoded; keep a bound on what one call may carry. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const SSE_KEEPALIVE_MS = 15_000;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface BrowserHostOptions {
  readonly dispatcher: Dispatcher;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** The built bridge script (dist/host/bridge.js). */
  readonly bridgeFile: string;
  /** 0 picks a random free port. */
  readonly port?: number;
}

export interface BrowserHost {
  /** Open this in a browser: the token travels in the fragment, never to the server log. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * The dispatcher served to a browser on 127.0.0.1 (DESIGN §1): for headless
 * use and the end-to-end tests. Same contract, same checks as Electron, plus
 * a per-launch token and Host/Origin checks.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(32).toString('base64url');
  const identity: { port: number; token: string } = { port: 0, token };
  const closers = new Set<() => void>();

  const server = createServer((req, res) => {
    handle(req, res, identity, options, closers).catch((error: unknown) => {
      console.error('[sealbook host] request failed', error);
      if (!res.headersSent) send(res, 500, TEXT, 'Internal error');
      else res.end();
    });
  });
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  identity.port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${identity.port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const close of closers) close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
}

const TEXT = 'text/plain; charset=utf-8';
const text = (status: number, body: string): Reply => ({ status, contentType: TEXT, body });
const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  identity: HostIdentity,
  options: BrowserHostOptions,
  closers: Set<() => void>,
): Promise<void> {
  const reply = await route(req, res, identity, options, closers);
  if (reply) send(res, reply.status, reply.contentType, reply.body);
}

/** Answers a request, or returns undefined once it has become an event stream. */
async function route(
  req: IncomingMessage,
  res: ServerResponse,
  identity: HostIdentity,
  options: BrowserHostOptions,
  closers: Set<() => void>,
): Promise<Reply | undefined> {
  if (!hostHeaderOk(req, identity)) return text(421, 'Unknown host');
  if (!originOk(req, identity)) return text(403, 'Foreign origin');
  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;

  if (path === INVOKE_PATH) {
    if (req.method !== 'POST') return text(405, 'POST only');
    if (!tokenOk(req, identity)) return json(401, unauthorised());
    const body = await readJsonBody(req);
    if (!body.ok) return json(400, { ok: false, error: { code: 'VALIDATION', message: body.message } });
    const { channel, input } = body.value as { channel?: unknown; input?: unknown };
    return json(200, await options.dispatcher.invoke(channel, input));
  }
  if (path === EVENTS_PATH) {
    if (req.method !== 'GET') return text(405, 'GET only');
    if (!tokenOk(req, identity)) return json(401, unauthorised());
    streamEvents(res, options.dispatcher, closers);
    return undefined;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'GET only');
  if (path === BRIDGE_PATH) {
    return { status: 200, contentType: 'text/javascript; charset=utf-8', body: await readFile(options.bridgeFile) };
  }
  const file = await readStatic(options.rendererDir, path);
  return file ? { status: 200, contentType: file.contentType, body: file.body } : text(404, 'Not found');
}

function unauthorised(): unknown {
  return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'This page is not connected to Sealbook. Reopen it from the link Sealbook printed.' } };
}

/** Server-sent events over a fetch stream, so the token stays in a header. */
function streamEvents(res: ServerResponse, dispatcher: Dispatcher, closers: Set<() => void>): void {
  res.writeHead(200, {
    ...securityHeaders(),
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribers = EVENT_NAMES.map((name) =>
    dispatcher.app.events.on(name, (payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    }),
  );
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEPALIVE_MS);
  keepAlive.unref();
  const close = (): void => {
    clearInterval(keepAlive);
    for (const unsubscribe of unsubscribers) unsubscribe();
    closers.delete(close);
    res.end();
  };
  closers.add(close);
  res.on('close', close);
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

async function readJsonBody(req: IncomingMessage): Promise<Parsed> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, message: 'The request is too large (over 64 MiB). Send fewer files at once.' };
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, message: 'The request body is not valid JSON.' };
  }
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

