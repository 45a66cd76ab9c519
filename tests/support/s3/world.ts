import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestPki } from './certs.js';
import { makeTestPki } from './certs.js';
import type { FaultProxy } from './fault-proxy.js';
import { startFaultProxy } from './fault-proxy.js';
import type { S3rverProcess } from './s3rver.js';
import { startS3rver } from './s3rver.js';
import type { SigV4Proxy } from './sigv4-proxy.js';
import { startSigV4Proxy } from './sigv4-proxy.js';

// s3rver itself knows only this key id (its default); the proxy checks the signature with our secret.
export const ACCESS_KEY_ID = 'S3RVER';
export const SECRET_ACCESS_KEY = 'sealbook-test-secret-0123456789';
export const BUCKETS = ['alpha', 'beta'] as const;

/**
 * The S3 test world on 127.0.0.1: s3rver over TLS, a SigV4-verifying proxy
 * over HTTPS (target "alpha", throw-away CA), and one over plain HTTP reached
 * through a TCP fault proxy (target "beta", loopback with the insecure flag).
 */
export interface S3World {
  readonly root: string;
  readonly pki: TestPki;
  readonly s3rver: S3rverProcess;
  readonly https: SigV4Proxy;
  readonly plain: SigV4Proxy;
  readonly faults: FaultProxy;
  /** Endpoint of the fault proxy (plain HTTP). */
  readonly faultyUrl: string;
  stop(): Promise<void>;
}

export async function startS3World(): Promise<S3World> {
  const root = mkdtempSync(join(tmpdir(), 'sealbook-s3-'));
  const pki = makeTestPki();
  const s3rver = await startS3rver(root, pki, BUCKETS);
  const credentials = { [ACCESS_KEY_ID]: SECRET_ACCESS_KEY };
  const https = await startSigV4Proxy({ upstreamPort: s3rver.port, pki, credentials, tls: true });
  const plain = await startSigV4Proxy({ upstreamPort: s3rver.port, pki, credentials, tls: false });
  const faults = await startFaultProxy(plain.port);
  return {
    root,
    pki,
    s3rver,
    https,
    plain,
    faults,
    faultyUrl: `http://127.0.0.1:${String(faults.port)}`,
    async stop() {
      await faults.stop();
      await plain.stop();
      await https.stop();
      await s3rver.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
