import AuditLog from '../views/audit/AuditLog.svelte';
import Backups from '../views/backups/Backups.svelte';
import Books from '../views/books/Books.svelte';
import Dashboard from '../views/dashboard/Dashboard.svelte';
import Bank from '../views/bank/Bank.svelte';
import Company from '../views/company/Company.svelte';
import Customers from '../views/customers/Customers.svelte';
import EInvoices from '../views/einvoice/EInvoices.svelte';
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
  // The first screen after unlock (issue 11); every role may read the books.
  { id: 'dashboard', label: 'nav.dashboard', icon: 'chart', needs: 'books.read', component: Dashboard },
  { id: 'invoices', label: 'nav.invoices', icon: 'file', needs: 'invoices.read', component: Invoices },
  { id: 'einvoice', label: 'nav.einvoice', icon: 'file', needs: 'invoices.read', component: EInvoices },
  { id: 'receipts', label: 'nav.receipts', icon: 'receipt', needs: 'receipts.read', component: Receipts },
  { id: 'expenses', label: 'nav.expenses', icon: 'check', needs: 'expenses.read', component: Expenses },
  { id: 'customers', label: 'nav.customers', icon: 'users', needs: 'customers.read', component: Customers },
  { id: 'books', label: 'nav.books', icon: 'book', needs: 'books.read', component: Books },
  { id: 'recurring', label: 'nav.recurring', icon: 'repeat', needs: 'invoices.read', component: Recurring },
  { id: 'bank', label: 'nav.bank', icon: 'bank', needs: 'bank.read', component: Bank },
  { id: 'company', label: 'nav.company', icon: 'building', needs: 'company.read', component: Company },
  { id: 'users', label: 'nav.users', icon: 'users', needs: 'users.read', component: Users },
  { id: 'security', label: 'nav.security', icon: 'shield', needs: null, component: Security },
  { id: 'backups', label: 'nav.backups', icon: 'cloud', needs: 'backup.read', component: Backups },
  { id: 'audit', label: 'nav.audit', icon: 'list', needs: 'audit.read', component: AuditLog },
  { id: 'settings', label: 'nav.settings', icon: 'settings', needs: null, component: Settings },
];
