import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestPki } from './certs.js';

const BIN = resolve(import.meta.dirname, '..', '..', '..', 'node_modules', 's3rver', 'bin', 's3rver.js');
const START_TIMEOUT_MS = 20_000;

export interface S3rverProcess {
  readonly port: number;
  readonly directory: string;
  stop(): Promise<void>;
}

/**
 * s3rver 3.7.1 as a child process on 127.0.0.1, serving TLS itself. It needs
 * the legacy OpenSSL provider (else ListObjectsV2 paging breaks, TOOLCHAIN.md).
 */
export async function startS3rver(root: string, pki: TestPki, buckets: readonly string[]): Promise<S3rverProcess> {
  const directory = join(root, 's3rver-data');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(root, 's3rver.key'), pki.keyPem);
  writeFileSync(join(root, 's3rver.crt'), pki.certPem);
  const args = ['--openssl-legacy-provider', BIN, '-d', directory, '-a', '127.0.0.1', '-p', '0', '-s', '--key', join(root, 's3rver.key'), '--cert', join(root, 's3rver.crt'), '--no-vhost-buckets', '--allow-mismatched-signatures'];
  // The proxy in front checks SigV4 with the real secret; s3rver sees the rewritten Host header, so it must not.
  for (const bucket of buckets) args.push('--configure-bucket', bucket);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolvePort, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not start within ${String(START_TIMEOUT_MS)} ms: ${output}`));
    }, START_TIMEOUT_MS);
    const onData = (data: Buffer): void => {
      output += data.toString();
      const match = /listening on [\d.]+:(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${String(code)}): ${output}`));
    });
  });
  return {
    port,
    directory,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) {
          done();
          return;
        }
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
