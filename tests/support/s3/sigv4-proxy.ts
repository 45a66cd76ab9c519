import { createHash, createHmac } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestPki } from './certs.js';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Buffer =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** node:crypto behind the Checksum interface @smithy/signature-v4 asks for (HMAC when given a secret). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    throw new Error('not used');
  }
}

export interface SigV4Proxy {
  readonly port: number;
  readonly url: string;
  /** Requests refused because the signature did not match. */
  readonly refused: number;
  stop(): Promise<void>;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([a-f0-9]{64})$/;

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>sigv4-proxy</RequestId></Error>`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Recomputes the request's SigV4 signature with the known secret; null when it matches, else the S3 error code. */
async function checkSignature(req: IncomingMessage, body: Buffer, credentials: Readonly<Record<string, string>>): Promise<string | null> {
  const match = AUTH.exec(req.headers.authorization ?? '');
  if (!match) return 'AccessDenied';
  const [, accessKeyId = '', , region = '', service = '', signedList = '', signature = ''] = match;
  const secret = credentials[accessKeyId];
  if (secret === undefined) return 'InvalidAccessKeyId';
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (/^[a-f0-9]{64}$/.test(payloadHash) && createHash('sha256').update(body).digest('hex') !== payloadHash) return 'XAmzContentSHA256Mismatch';
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const headers: Record<string, string> = {};
  for (const name of signedList.split(';')) headers[name] = String(req.headers[name] ?? '');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const amzDate = headers['x-amz-date'] ?? String(req.headers['x-amz-date'] ?? '');
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey: secret }, region, service, sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const signed = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'https:', hostname: headers.host ?? '', path: rawPath, query, headers, body },
    { signingDate, signableHeaders: new Set(Object.keys(headers)) },
  );
  const expected = /Signature=([a-f0-9]{64})/.exec(signed.headers.authorization ?? signed.headers.Authorization ?? '')?.[1];
  return expected === signature ? null : 'SignatureDoesNotMatch';
}

/**
 * A SigV4-verifying proxy in front of s3rver (which checks no signature):
 * it recomputes each request's signature from the known secret and answers
 * S3's SignatureDoesNotMatch error on a mismatch, else forwards to s3rver over TLS.
 */
export async function startSigV4Proxy(options: {
  readonly upstreamPort: number;
  readonly pki: TestPki;
  readonly credentials: Readonly<Record<string, string>>;
  /** Serve TLS (with the test PKI's server certificate) instead of plain HTTP. */
  readonly tls: boolean;
}): Promise<SigV4Proxy> {
  let refused = 0;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const body = await readBody(req);
      const problem = await checkSignature(req, body, options.credentials);
      if (problem) {
        refused += 1;
        s3Error(res, 403, problem, problem === 'SignatureDoesNotMatch' ? 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' : 'Access denied.');
        return;
      }
      const upstream = httpsRequest(
        { host: '127.0.0.1', port: options.upstreamPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${String(options.upstreamPort)}` }, ca: options.pki.caPem },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => s3Error(res, 502, 'InternalError', 'upstream failed'));
      upstream.end(body);
    })().catch(() => {
      res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.pki.keyPem, cert: options.pki.certPem }, handler) : createHttpServer(handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${String(port)}`,
    get refused() {
      return refused;
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
