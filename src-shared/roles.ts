/**
 * The one permission matrix (DESIGN §3). The dispatcher enforces it; the
 * renderer may only use it to hide buttons.
 */
export const ROLES = ['owner', 'accountant', 'bookkeeper', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'keys.manage',
  'settings.read',
  'settings.write',
  'audit.read',
  'audit.export',
  'company.read',
  'company.write',
  'customers.read',
  'customers.write',
  'invoices.read',
  'invoices.draft',
  'invoices.issue',
  'invoices.delete',
  'invoices.export',
  'payments.write',
  'seal.manage',
  // Receipts and expenses (issue 7).
  'receipts.read',
  'receipts.import',
  'receipts.export',
  'receipts.delete',
  'expenses.read',
  'expenses.draft',
  'expenses.confirm',
  // Bank statements (issue 8): import also covers categories and rules.
  'bank.read',
  'bank.import',
  'bank.manage',
  'bank.match',
  // Backups (issue 9): targets and restore are the owner's.
  'backup.read',
  'backup.run',
  'backup.manage',
  // Books (issue 11).
  'books.read',
  'books.draft',
  'books.post',
  'books.close',
  'books.reopen',
  'books.manage',
  'books.export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * `public`: callable without a session (app info, create, unlock, recover).
 * `session`: any unlocked user (lock, own password, own MFA).
 */
export type Access = 'public' | 'session' | Permission;

const ALL: readonly Permission[] = PERMISSIONS;

const READS: readonly Permission[] = [
  'settings.read',
  'company.read',
  'customers.read',
  'invoices.read',
  'receipts.read',
  'expenses.read',
  'bank.read',
  'books.read',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  owner: new Set(ALL),
  // Books, invoices, reports, exports; not users or keys.
  accountant: new Set<Permission>([
    ...READS,
    'audit.read',
    'audit.export',
    'company.write',
    'customers.write',
    'invoices.draft',
    'invoices.issue',
    'invoices.delete',
    'invoices.export',
    'payments.write',
    'receipts.import',
    'receipts.export',
    'receipts.delete',
    'expenses.draft',
    'expenses.confirm',
    'bank.import',
    'bank.manage',
    'bank.match',
    'backup.read',
    'backup.run',
    'books.draft',
    'books.post',
    'books.close',
    'books.manage',
    'books.export',
  ]),
  // Imports and drafts; cannot issue, delete or export.
  bookkeeper: new Set<Permission>([
    ...READS,
    'customers.write',
    'invoices.draft',
    'receipts.import',
    'expenses.draft',
    'bank.import',
    'books.draft',
  ]),
  // Read-only, including the audit log and the backup status.
  auditor: new Set<Permission>([...READS, 'users.read', 'audit.read', 'backup.read']),
};

export function roleAllows(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'session') return true;
  return ROLE_PERMISSIONS[role].has(access);
}
