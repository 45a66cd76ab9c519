import { createHash, X509Certificate } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { checkServerIdentity, rootCertificates } from 'node:tls';
import type { PeerCertificate } from 'node:tls';
import type { S3Client } from '@aws-sdk/client-s3';
import { UnavailableError, ValidationError } from '../errors.js';

/** What a backup needs of an S3-compatible bucket. */
export interface ObjectStore {
  put(key: string, body: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Every object under `prefix` (paged). */
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
  close(): void;
}

export interface StoredObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface Connection {
  readonly name: string;
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly pathStyle: boolean;
  readonly allowInsecureLocalhost: boolean;
  readonly caPem: string | null;
  /** Base64 SHA-256 of the server certificate's SubjectPublicKeyInfo. */
  readonly pinSha256: string | null;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Timeouts {
  readonly connectMs: number;
  /** Whole request and response; a stalled server fails after this. */
  readonly requestMs: number;
}
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, requestMs: 60_000 };

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
const BODY_READ_ATTEMPTS = 3;
const SDK_ATTEMPTS = 4;

/** HTTPS only; plain HTTP only to a loopback address and only when asked for explicitly. */
export function checkEndpoint(endpoint: string, allowInsecureLocalhost: boolean): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ValidationError(`"${endpoint}" is not a URL. Enter the endpoint like https://s3.eu-central-1.amazonaws.com.`, { endpoint: 'Not a URL.' });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname) && allowInsecureLocalhost) return url;
  throw new ValidationError(
    url.protocol === 'http:' && LOOPBACK.has(url.hostname)
      ? 'Plain HTTP is allowed only to this computer and only with the "allow insecure localhost" switch.'
      : 'Backups go over HTTPS only. Use the https:// address of the storage service.',
    { endpoint: 'Use https://.' },
  );
}

export function checkCaPem(caPem: string): void {
  try {
    new X509Certificate(caPem);
  } catch {
    throw new ValidationError('The CA file is not a PEM certificate. Choose the certificate (.pem or .crt) of the authority that signed the server.', { caFile: 'Not a certificate.' });
  }
}

export function spkiSha256(cert: X509Certificate): string {
  return createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

class PinMismatchError extends Error {}

function httpsAgent(connection: Connection): HttpsAgent {
  const pin = connection.pinSha256;
  return new HttpsAgent({
    keepAlive: true,
    maxSockets: 8,
    // A custom CA is added to the public roots, so a pinned or private server and public ones both work.
    ...(connection.caPem ? { ca: [...rootCertificates, connection.caPem] } : {}),
    ...(pin
      ? {
          checkServerIdentity: (host: string, cert: PeerCertificate) => {
            const error = checkServerIdentity(host, cert);
            if (error) return error;
            if (spkiSha256(new X509Certificate(cert.raw)) !== pin) return new PinMismatchError('pin');
            return undefined;
          },
        }
      : {}),
  });
}

/** A plain sentence for what went wrong talking to the target. */
export function describeS3Error(error: unknown, connection: Pick<Connection, 'name' | 'endpoint' | 'bucket'>): string {
  const where = `Target "${connection.name}" (${connection.endpoint})`;
  const code = errorCode(error);
  switch (code) {
    case 'SignatureDoesNotMatch':
      return `${where} refused the secret access key (signature does not match). Enter the right secret for this access key.`;
    case 'InvalidAccessKeyId':
      return `${where} does not know this access key id. Check the key id.`;
    case 'AccessDenied':
    case 'Forbidden':
      return `${where} denied access. Give this key read, write, list and delete rights on bucket "${connection.bucket}".`;
    case 'NoSuchBucket':
      return `${where} has no bucket "${connection.bucket}". Create it, or correct the bucket name.`;
    case 'ECONNREFUSED':
      return `${where} refused the connection: nothing answers at that address. Check the endpoint and port.`;
    case 'ENOTFOUND':
      return `${where}: the host name does not resolve. Check the endpoint and your network.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${where} cut the connection again and again. Try again later.`;
    case 'TimeoutError':
    case 'RequestTimeout':
    case 'ETIMEDOUT':
      return `${where} did not answer in time. It may be down or the network is slow; the next run will try again.`;
    case 'PIN':
      return `${where} presented a certificate whose key does not match the pinned one. Someone may be intercepting the connection; check the server before changing the pin.`;
    default:
      if (code.includes('CERT') || code.startsWith('ERR_TLS') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
        return `${where} presented a certificate that is not trusted (${code}). Give the CA file that signed the server's certificate.`;
      }
      return `${where} failed: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

/** An answer of the S3 service itself (the SDK's ServiceException carries `$fault`), not of the network. */
function isServiceError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as { $fault?: unknown }).$fault === 'string';
}

function errorCode(error: unknown): string {
  if (isServiceError(error)) return error.name;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if (current instanceof PinMismatchError) return 'PIN';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError') return 'TimeoutError';
    current = current.cause;
  }
  return error instanceof Error ? error.name : 'Error';
}

/** An error on one target: UNAVAILABLE with a plain message, the cause kept for the log. */
export function targetError(error: unknown, connection: Pick<Connection, 'name' | 'endpoint' | 'bucket'>): UnavailableError {
  if (error instanceof UnavailableError) return error;
  const wrapped = new UnavailableError(describeS3Error(error, connection), { target: connection.name });
  wrapped.cause = error;
  return wrapped;
}

/**
 * @aws-sdk/client-s3 as DESIGN §7 sets it up: checksums only when an
 * operation requires them, Buffer bodies with Content-MD5 (s3rver and some
 * S3 clones store corrupt objects otherwise), a request timeout that throws,
 * and our own bounded retry around reading a body, which the SDK does not retry.
 */
export function openS3Store(connection: Connection, timeouts: Timeouts = DEFAULT_TIMEOUTS): ObjectStore {
  // The SDK's notice that its 2027 releases need Node 22 is for us (TOOLCHAIN.md), not for a user's terminal or cron mail.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const url = checkEndpoint(connection.endpoint, connection.allowInsecureLocalhost);
  const agent = url.protocol === 'https:' ? httpsAgent(connection) : new HttpAgent({ keepAlive: true, maxSockets: 8 });
  // The SDK is loaded on the first request: the app and the CLI start without it.
  let connected: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined;
  const connect = (): Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> =>
    (connected ??= Promise.all([import('@aws-sdk/client-s3'), import('@smithy/node-http-handler')]).then(([sdk, { NodeHttpHandler }]) => ({
      sdk,
      client: new sdk.S3Client({
        endpoint: connection.endpoint,
        region: connection.region,
        forcePathStyle: connection.pathStyle,
        credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: SDK_ATTEMPTS,
        requestHandler: new NodeHttpHandler({
          ...(url.protocol === 'https:' ? { httpsAgent: agent } : { httpAgent: agent }),
          connectionTimeout: timeouts.connectMs,
          requestTimeout: timeouts.requestMs,
          throwOnRequestTimeout: true,
        }),
      }),
    })));
  const Bucket = connection.bucket;
  const fail = (error: unknown): never => {
    throw targetError(error, connection);
  };

  return {
    async put(key, body) {
      const ContentMD5 = createHash('md5').update(body).digest('base64');
      const { client, sdk } = await connect();
      await client.send(new sdk.PutObjectCommand({ Bucket, Key: key, Body: body, ContentMD5, ContentLength: body.length })).catch(fail);
    },
    async get(key) {
      const { client, sdk } = await connect();
      let last: unknown;
      for (let attempt = 1; attempt <= BODY_READ_ATTEMPTS; attempt += 1) {
        try {
          const response = await client.send(new sdk.GetObjectCommand({ Bucket, Key: key }));
          if (!response.Body) throw new Error('empty response body');
          const bytes = Buffer.from(await response.Body.transformToByteArray());
          if (response.ContentLength !== undefined && bytes.length !== response.ContentLength) {
            throw Object.assign(new Error(`body cut short (${String(bytes.length)} of ${String(response.ContentLength)} bytes)`), { code: 'ECONNRESET' });
          }
          return bytes;
        } catch (error) {
          // A missing object or a refused key will not get better by asking again.
          if (isServiceError(error)) fail(error);
          last = error;
        }
      }
      return fail(last);
    },
    async list(prefix) {
      const { client, sdk } = await connect();
      const out: StoredObject[] = [];
      let ContinuationToken: string | undefined;
      // Bounded: 10,000 pages of 1,000 keys is far beyond any vault's repository.
      for (let page = 0; page < 10_000; page += 1) {
        const response = await client
          .send(new sdk.ListObjectsV2Command({ Bucket, Prefix: prefix, ...(ContinuationToken ? { ContinuationToken } : {}) }))
          .catch(fail);
        for (const item of response.Contents ?? []) {
          if (item.Key) out.push({ key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) });
        }
        if (!response.IsTruncated || !response.NextContinuationToken) return out;
        ContinuationToken = response.NextContinuationToken;
      }
      return out;
    },
    async delete(key) {
      const { client, sdk } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: key })).catch(fail);
    },
    close() {
      // A request still connecting ends with the agent; a client that was made is destroyed with it.
      void connected?.then(({ client }) => client.destroy()).catch(() => undefined);
      agent.destroy();
    },
  };
}
