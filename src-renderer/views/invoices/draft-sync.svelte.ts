import type { DocumentAllowanceInput, DraftTotals, Invoice, InvoiceLineInput } from '../../../src-shared/invoicing.js';
import type { IpcError, Result } from '../../../src-shared/result.js';
import type { FieldErrors } from '../../lib/forms.js';
import { fieldErrors } from '../../lib/forms.js';

/** The editor's form as typed; main validates and computes everything. */
export interface DraftForm {
  readonly customerId: string;
  readonly currency: string;
  readonly exchangeRate: string | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly notes: string;
  readonly lines: InvoiceLineInput[];
  readonly allowances?: DocumentAllowanceInput[];
  readonly deliveryDate?: string | null;
  readonly periodStart?: string | null;
  readonly periodEnd?: string | null;
  readonly orderReference?: string;
  readonly contractReference?: string;
}

/** The three calls the editor makes; `call` in the app, fakes in unit tests. */
export interface DraftBackend {
  /** `invoices.computeTotals`: not audited, writes nothing. */
  readonly computeTotals: (form: DraftForm) => Promise<Result<DraftTotals>>;
  /** `invoices.createDraft` (id null) or `invoices.updateDraft`: audited. */
  readonly save: (id: string | null, form: DraftForm) => Promise<Result<Invoice>>;
  /** Errors that are not about a field (locked, unreachable...). */
  readonly report: (error: IpcError) => void;
}

export const TOTALS_DELAY_MS = 300;
export const AUTOSAVE_EVERY_MS = 30_000;

/**
 * Keeps an invoice draft and main in step without flooding the audit log:
 * each edit asks main for live totals (debounced, stale answers dropped);
 * the draft itself is saved, and audited, only when asked to (Save, Ctrl+S,
 * Preview, Issue, leaving) or at most once every 30 s while edits are unsaved.
 */
export class DraftSync {
  invoice = $state<Invoice | null>(null);
  live = $state<DraftTotals | null>(null);
  errors = $state<FieldErrors>({});
  dirty = $state(false);
  saving = $state(false);
  computing = $state(false);

  #asked = 0;
  #edits = 0;
  #totalsTimer: ReturnType<typeof setTimeout> | undefined;
  #autosave: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #chain: Promise<boolean> = Promise.resolve(true);
  readonly #backend: DraftBackend;
  readonly #read: () => DraftForm;

  constructor(backend: DraftBackend, read: () => DraftForm) {
    this.#backend = backend;
    this.#read = read;
  }

  /** Allows the timed save; `stop` ends it and the pending totals question. */
  start(): void {
    this.#running = true;
    if (this.dirty) this.#armAutosave();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#autosave);
    clearTimeout(this.#totalsTimer);
    this.#autosave = undefined;
  }

  /** The first unsaved edit arms one save 30 s later; any save disarms it. */
  #armAutosave(): void {
    if (!this.#running || this.#autosave !== undefined) return;
    this.#autosave = setTimeout(() => {
      this.#autosave = undefined;
      if (this.dirty && this.#read().customerId !== '') void this.save();
    }, AUTOSAVE_EVERY_MS);
  }

  load(invoice: Invoice): void {
    this.invoice = invoice;
    this.live = { totals: invoice.totals, lineNets: invoice.lines.map((line) => line.net), dueDate: invoice.dueDate };
    this.dirty = false;
  }

  /** Call on every edit. */
  changed(): void {
    this.dirty = true;
    this.#edits++;
    this.#armAutosave();
    clearTimeout(this.#totalsTimer);
    this.#totalsTimer = setTimeout(() => void this.refresh(), TOTALS_DELAY_MS);
  }

  /** Asks main for the totals of the form as it is now; a later question wins. */
  async refresh(): Promise<void> {
    clearTimeout(this.#totalsTimer);
    const asked = ++this.#asked;
    this.computing = true;
    const result = await this.#backend.computeTotals(this.#read());
    if (asked !== this.#asked) return;
    this.computing = false;
    if (result.ok) {
      this.live = result.value;
      this.errors = {};
      return;
    }
    this.errors = fieldErrors(result.error);
    if (result.error.code !== 'VALIDATION') this.#backend.report(result.error);
  }

  /** Saves now (one save at a time, in order), each sending the form as it is then. */
  save(): Promise<boolean> {
    const once = (): Promise<boolean> => this.#saveOnce();
    this.#chain = this.#chain.then(once, once);
    return this.#chain;
  }

  /** Saves only when something is unsaved: before Preview, Issue or leaving. */
  flush(): Promise<boolean> {
    return this.dirty || this.invoice === null ? this.save() : Promise.resolve(true);
  }

  async #saveOnce(): Promise<boolean> {
    // Edits made while this save runs mark the draft dirty again.
    this.dirty = false;
    clearTimeout(this.#autosave);
    this.#autosave = undefined;
    this.saving = true;
    const editsBefore = this.#edits;
    const result = await this.#backend.save(this.invoice?.id ?? null, this.#read());
    this.saving = false;
    if (result.ok) {
      this.invoice = result.value;
      this.errors = {};
      // Totals of the saved form, unless the user typed on meanwhile (a live answer is coming).
      if (this.#edits === editsBefore) this.load(result.value);
      return true;
    }
    this.dirty = true;
    this.#armAutosave();
    this.errors = fieldErrors(result.error);
    if (result.error.code !== 'VALIDATION') this.#backend.report(result.error);
    return false;
  }
}
