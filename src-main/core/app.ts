import type { Role } from '../../src-shared/roles.js';
import { EventBus } from './events.js';
import { JobRegistry } from './jobs.js';
import { RecentVaults } from './people/recent-vaults.js';
import type { VaultFolder } from './vault/folder.js';
import type { Keychain } from './vault/keychain.js';
import { systemKeychain } from './vault/keychain.js';

export type FaceMode = 'electron' | 'browser' | 'cli';

/** Details are JSON; never put secrets in them (DESIGN §4). */
export interface AuditEntry {
  readonly action: string;
  readonly subject?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * What the dispatcher needs of an unlocked session. The vault's Session
 * implements it; the dispatcher knows nothing else about vaults.
 */
export interface ActiveSession {
  readonly userId: string;
  readonly userName: string;
  readonly role: Role;
  /** A one-time password is still in use: only the password change is open. */
  readonly mustChangePassword?: boolean;
  /** Epoch ms of the last password proof (unlock or re-authentication). */
  readonly lastProofAt: number;
  /** Counts as activity for the idle auto-lock. */
  touch(): void;
  /** Appends an audit row; inside `transaction` it commits with the change. */
  audit(entry: AuditEntry): void;
  /** Number of the last audit row written (0 when empty). */
  auditHead(): number;
  /** Runs `fn` and every audit row it appends in one DB transaction. */
  transaction<T>(fn: () => T): T;
  /** Closes the DB and zeroes key buffers. Called once, by `AppState.lockSession`. */
  end(): void;
}

export type LockReason = 'user' | 'idle' | 'suspend' | 'screen-lock';

export interface AppOptions {
  readonly mode: FaceMode;
  readonly version: string;
  /** Where the app keeps its own small state (recent vaults). */
  readonly appDataDir: string;
  /** Injected for lockout and expiry tests. */
  readonly now?: () => Date;
  /** Where device secrets live; tests pass the real keychain or their own. */
  readonly keychain?: Keychain;
}

/**
 * The state of one running app (one window, one browser host, one CLI
 * process): at most one open vault and one session.
 */
export class AppState {
  readonly events = new EventBus();
  readonly jobs = new JobRegistry(this.events);
  readonly mode: FaceMode;
  readonly version: string;
  readonly appDataDir: string;
  readonly now: () => Date;
  session: ActiveSession | null = null;
  /** The vault folder chosen on the welcome screen (open, maybe not unlocked). */
  vault: VaultFolder | null = null;
  readonly keychain: Keychain;
  readonly recentVaults: RecentVaults;

  constructor(options: AppOptions) {
    this.mode = options.mode;
    this.version = options.version;
    this.appDataDir = options.appDataDir;
    this.now = options.now ?? (() => new Date());
    this.keychain = options.keychain ?? systemKeychain();
    this.recentVaults = new RecentVaults(options.appDataDir);
  }

  private readonly sessionListeners = new Set<(session: ActiveSession) => void>();

  /** Work that starts with every unlock (recurring invoices ...). */
  onSessionStarted(listener: (session: ActiveSession) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  /** Makes `session` current and runs the unlock listeners. */
  startSession(session: ActiveSession): void {
    if (this.session && this.session !== session) this.lockSession('user');
    this.session = session;
    for (const listener of this.sessionListeners) listener(session);
  }

  /** Ends the session (if any) and tells every face. */
  lockSession(reason: LockReason): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    session.end();
    this.events.emit('session.locked', { reason });
  }
}
