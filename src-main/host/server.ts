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
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
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

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  identity: HostIdentity,
  options: BrowserHostOptions,
  closers: Set<() => void>,
): Promise<void> {
  if (!hostHeaderOk(req, identity)) return send(res, 421, 'text/plain; charset=utf-8', 'Unknown host');
  if (!originOk(req, identity)) return send(res, 403, 'text/plain; charset=utf-8', 'Foreign origin');
  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;

  if (path === INVOKE_PATH) {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
    if (!tokenOk(req, identity)) return sendJson(res, 401, unauthorised());
    const body = await readJsonBody(req);
    if (body === undefined) {
      return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The request body is not valid JSON.' } });
    }
    const { channel, input } = body as { channel?: unknown; input?: unknown };
    return sendJson(res, 200, await options.dispatcher.invoke(channel, input));
  }
  if (path === EVENTS_PATH) {
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
    if (!tokenOk(req, identity)) return sendJson(res, 401, unauthorised());
    return streamEvents(res, options.dispatcher, closers);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
  if (path === BRIDGE_PATH) {
    return send(res, 200, 'text/javascript; charset=utf-8', await readFile(options.bridgeFile));
  }
  const file = await readStatic(options.rendererDir, path);
  if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  return send(res, 200, file.contentType, file.body);
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

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
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

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
