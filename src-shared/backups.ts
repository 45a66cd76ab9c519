/**
 * Backups types (issue 9), zod-free so the renderer can import them.
 */
export interface BackupTargetStatus {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly pathStyle: boolean;
  readonly allowInsecureLocalhost: boolean;
  readonly hasCustomCa: boolean;
  readonly pinned: boolean;
  readonly accessKeyId: string;
  readonly lastRunAt: string | null;
  /** When the last good snapshot was written. */
  readonly lastOkAt: string | null;
  readonly lastSnapshot: string | null;
  /** Bytes the last good snapshot restores to. */
  readonly lastSize: number | null;
  readonly lastObjects: number | null;
  /** The last run's error in plain words; null after a good run. */
  readonly lastError: string | null;
  readonly lastVerifyAt: string | null;
  readonly lastVerifyOk: boolean | null;
  readonly lastVerifyMessage: string | null;
}

export interface TargetRunResult {
  readonly name: string;
  readonly ok: boolean;
  readonly snapshot: string | null;
  readonly objectsUploaded: number;
  readonly bytesUploaded: number;
  readonly error?: string;
}

export interface BackupRunResult {
  readonly targets: readonly TargetRunResult[];
}

export interface SnapshotInfo {
  readonly id: string;
  readonly createdAt: string;
  readonly size: number;
  readonly objects: number;
  readonly documents: number;
  readonly auditSeq: number;
}

export type VerifyTier = 'exists' | 'sample' | 'full';

export interface VerifyReport {
  readonly target: string;
  readonly snapshot: string | null;
  readonly ok: boolean;
  readonly tiers: readonly VerifyTier[];
  readonly checkedObjects: number;
  /** Each problem in plain words, naming the object or snapshot. */
  readonly problems: readonly string[];
}

export interface ConnectionStep {
  readonly step: 'write' | 'read' | 'list' | 'delete';
  readonly ok: boolean;
  readonly message: string;
}

export interface ConnectionTest {
  readonly ok: boolean;
  readonly steps: readonly ConnectionStep[];
}

export interface RestoreResult {
  readonly dir: string;
  readonly vaultId: string;
  readonly company: string;
  readonly snapshot: string;
  readonly createdAt: string;
  readonly documents: number;
  readonly bytes: number;
  /** integrity_check, audit chain, counts and every document hash, checked on the restored copy. */
  readonly verified: boolean;
}

export interface PruneResult {
  readonly snapshotsForgotten: number;
  readonly objectsDeleted: number;
  readonly skipped?: string;
}
