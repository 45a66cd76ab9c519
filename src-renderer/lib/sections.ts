import AuditLog from '../views/audit/AuditLog.svelte';
import Company from '../views/company/Company.svelte';
import Customers from '../views/customers/Customers.svelte';
import Expenses from '../views/expenses/Expenses.svelte';
import Receipts from '../views/receipts/Receipts.svelte';
import Invoices from '../views/invoices/Invoices.svelte';
import Recurring from '../views/recurring/Recurring.svelte';
import Security from '../views/security/Security.svelte';
import Settings from '../views/settings/Settings.svelte';
import Users from '../views/users/Users.svelte';
import type { Section } from './nav.js';

/**
 * The sidebar, in order: daily work first, administration after. Each role
 * lands on the first section it may see (every role may read invoices).
 */
export const SECTIONS: readonly Section[] = [
  { id: 'invoices', label: 'nav.invoices', icon: 'file', needs: 'invoices.read', component: Invoices },
  { id: 'receipts', label: 'nav.receipts', icon: 'receipt', needs: 'receipts.read', component: Receipts },
  { id: 'expenses', label: 'nav.expenses', icon: 'check', needs: 'expenses.read', component: Expenses },
  { id: 'customers', label: 'nav.customers', icon: 'users', needs: 'customers.read', component: Customers },
  { id: 'recurring', label: 'nav.recurring', icon: 'repeat', needs: 'invoices.read', component: Recurring },
  { id: 'company', label: 'nav.company', icon: 'building', needs: 'company.read', component: Company },
  { id: 'users', label: 'nav.users', icon: 'users', needs: 'users.read', component: Users },
  { id: 'security', label: 'nav.security', icon: 'shield', needs: null, component: Security },
  { id: 'audit', label: 'nav.audit', icon: 'list', needs: 'audit.read', component: AuditLog },
  { id: 'settings', label: 'nav.settings', icon: 'settings', needs: null, component: Settings },
];
