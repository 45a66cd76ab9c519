/**
 * Unlock benchmark (DESIGN §9): median of N unlocks, KDF alone and the whole
 * unlock (KDF + open + first query). Target: unlock <= 1500 ms with the KDF
 * >= 250 ms. Prints JSON; never fails on times.
 *
 *   node --import tsx tests/bench/unlock.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { deriveKek, DEFAULT_KDF } from '../../src-main/core/vault/keys.js';
import { createVault, readVaultFolder } from '../../src-main/core/vault/vault.js';
import { MemoryKeychain } from '../unit/vault/memory-keychain.js';
import { tempDir } from '../unit/vault/helpers.js';

const N = 7;
const PW = 'benchmark passphrase 42';
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const round = (x: number): number => Math.round(x * 10) / 10;

const { dir, cleanup } = tempDir('sealbook-bench-');
const keychain = new MemoryKeychain();
try {
  const { vault } = await createVault({
    dir,
    company: 'Bench',
    keychain,
    passwordOnly: false,
    owner: { userId: 'u1', userName: 'owner', password: PW },
    now: new Date(),
  });
  vault.lock();
  const salt = Buffer.alloc(16, 7);
  const device = Buffer.alloc(32, 9);

  const kdf: number[] = [];
  const unlock: number[] = [];
  for (let i = 0; i < N; i += 1) {
    let t = performance.now();
    (await deriveKek(PW, salt, device, DEFAULT_KDF)).fill(0);
    kdf.push(performance.now() - t);

    t = performance.now();
    const v = await readVaultFolder(dir).unlockWithPassword('owner', PW, keychain);
    v.db.prepare('SELECT count(*) FROM meta').get();
    unlock.push(performance.now() - t);
    v.lock();
  }
  const result = {
    bench: 'unlock',
    runs: N,
    kdf: { ...DEFAULT_KDF },
    keychain: 'in-memory (no Secret Service needed; keytar adds a D-Bus round trip in the app)',
    kdfMedianMs: round(median(kdf)),
    unlockMedianMs: round(median(unlock)),
    kdfMs: kdf.map(round),
    unlockMs: unlock.map(round),
    targets: { unlockMedianMsMax: 1500, kdfMedianMsMin: 250 },
    meetsTargets: median(unlock) <= 1500 && median(kdf) >= 250,
    loadAverage1m: round(loadavg()[0] ?? 0),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  cleanup();
}
