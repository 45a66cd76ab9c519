import type { Component } from 'svelte';
import type { Permission, Role } from '../../src-shared/roles.js';
import { ROLE_PERMISSIONS } from '../../src-shared/roles.js';
import type { MessageKey } from './i18n.js';

export type SectionId =
  | 'dashboard'
  | 'users'
  | 'security'
  | 'audit'
  | 'settings'
  | 'invoices'
  | 'customers'
  | 'recurring'
  | 'company'
  | 'backups'
  | 'books'
  | 'einvoice'
  | 'bank'
  | 'receipts'
  | 'expenses';
export type IconName = 'users' | 'shield' | 'list' | 'settings' | 'file' | 'building' | 'repeat' | 'cloud' | 'chart' | 'book' | 'bank' | 'receipt' | 'check';

export interface Section {
  readonly id: SectionId;
  readonly label: MessageKey;
  readonly icon: IconName;
  /** Hides the entry for roles that could not use it; main still decides. */
  readonly needs: Permission | null;
  readonly component: Component;
}

/** Only the roles' view of the matrix; the dispatcher enforces it. */
export function can(role: Role | undefined, permission: Permission | null): boolean {
  if (permission === null) return true;
  return role !== undefined && ROLE_PERMISSIONS[role].has(permission);
}

export function visibleSections(sections: readonly Section[], role: Role | undefined): Section[] {
  return sections.filter((section) => can(role, section.needs));
}
