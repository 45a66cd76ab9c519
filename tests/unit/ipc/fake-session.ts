import type { ActiveSession, AuditEntry } from '../../../src-main/core/app.js';
import type { Role } from '../../../src-shared/roles.js';

/** An in-memory ActiveSession for dispatcher unit tests (no vault needed). */
export class FakeSession implements ActiveSession {
  readonly userId = 'u1';
  readonly userName = 'alice';
  readonly audits: AuditEntry[] = [];
  touches = 0;
  mustChangePassword = false;
  ended = false;

  constructor(
    readonly role: Role,
    public lastProofAt: number,
  ) {}

  touch(): void {
    this.touches += 1;
  }
  audit(entry: AuditEntry): void {
    this.audits.push(entry);
  }
  auditHead(): number {
    return this.audits.length;
  }
  transaction<T>(fn: () => T): T {
    return fn();
  }
  end(): void {
    this.ended = true;
  }
}
