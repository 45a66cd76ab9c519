import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftTotals, Invoice } from '../../../src-shared/invoicing.js';
import type { Result } from '../../../src-shared/result.js';
import type { DraftBackend, DraftForm } from '../../../src-renderer/views/invoices/draft-sync.svelte.js';
import { AUTOSAVE_EVERY_MS, DraftSync, TOTALS_DELAY_MS } from '../../../src-renderer/views/invoices/draft-sync.svelte.js';

const totals = (gross: string): DraftTotals => ({
  totals: { currency: 'EUR', lineTotal: gross, net: gross, vat: '0.00', gross, vatBreakdown: [] },
  lineNets: [gross],
  dueDate: null,
});

/** A backend whose answers the test releases by hand, in any order. */
function fakeBackend(): DraftBackend & { asked: DraftForm[]; saved: DraftForm[]; answer(index: number, value: Result<DraftTotals>): void; saveResult: Result<Invoice> } {
  const pending: ((value: Result<DraftTotals>) => void)[] = [];
  const backend = {
    asked: [] as DraftForm[],
    saved: [] as DraftForm[],
    saveResult: { ok: true, value: { id: 'inv-1', totals: totals('1.00').totals, lines: [], dueDate: null } as unknown as Invoice } as Result<Invoice>,
    computeTotals(form: DraftForm): Promise<Result<DraftTotals>> {
      backend.asked.push(form);
      return new Promise((resolve) => pending.push(resolve));
    },
    save(_id: string | null, form: DraftForm): Promise<Result<Invoice>> {
      backend.saved.push(form);
      return Promise.resolve(backend.saveResult);
    },
    report: vi.fn(),
    answer(index: number, value: Result<DraftTotals>): void {
      pending[index]?.(value);
    },
  };
  return backend;
}

let form: DraftForm;
const read = (): DraftForm => form;

beforeEach(() => {
  vi.useFakeTimers();
  form = { customerId: 'c-1', currency: 'EUR', exchangeRate: null, issueDate: null, dueDate: null, notes: '', lines: [] };
});
afterEach(() => {
  vi.useRealTimers();
});

describe('DraftSync: live totals without an audited save per keystroke', () => {
  it('asks for totals once per pause in typing and never saves on its own before 30 s', async () => {
    const backend = fakeBackend();
    const sync = new DraftSync(backend, read);
    sync.start();
    for (let i = 0; i < 12; i++) {
      form = { ...form, notes: `typing ${i}` };
      sync.changed();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(backend.asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(TOTALS_DELAY_MS);
    expect(backend.asked).toHaveLength(1);
    expect(backend.asked[0]?.notes).toBe('typing 11');
    expect(backend.saved).toHaveLength(0);
    expect(sync.dirty).toBe(true);
    sync.stop();
  });

  it('drops a stale answer that arrives after a newer one', async () => {
    const backend = fakeBackend();
    const sync = new DraftSync(backend, read);
    sync.changed();
    await vi.advanceTimersByTimeAsync(TOTALS_DELAY_MS);
    sync.changed();
    await vi.advanceTimersByTimeAsync(TOTALS_DELAY_MS);
    expect(backend.asked).toHaveLength(2);
    backend.answer(1, { ok: true, value: totals('2.00') });
    await vi.advanceTimersByTimeAsync(0);
    backend.answer(0, { ok: true, value: totals('1.00') });
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.live?.totals.gross).toBe('2.00');
    expect(sync.computing).toBe(false);
  });

  it('shows field errors from main and keeps the last good totals', async () => {
    const backend = fakeBackend();
    const sync = new DraftSync(backend, read);
    sync.changed();
    await vi.advanceTimersByTimeAsync(TOTALS_DELAY_MS);
    backend.answer(0, { ok: true, value: totals('3.00') });
    sync.changed();
    await vi.advanceTimersByTimeAsync(TOTALS_DELAY_MS);
    backend.answer(1, { ok: false, error: { code: 'VALIDATION', message: 'bad', fields: { 'lines.0.unitPrice': 'Line 1: bad' } } });
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.errors).toEqual({ 'lines.0.unitPrice': 'Line 1: bad' });
    expect(sync.live?.totals.gross).toBe('3.00');
    expect(backend.report).not.toHaveBeenCalled();
  });

  it('autosaves at most once every 30 s, and only while there are unsaved edits', async () => {
    const backend = fakeBackend();
    const sync = new DraftSync(backend, read);
    sync.start();
    sync.changed();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_EVERY_MS - 1000);
    for (let i = 0; i < 5; i++) sync.changed();
    expect(backend.saved).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.saved).toHaveLength(1);
    expect(sync.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_EVERY_MS * 3);
    expect(backend.saved).toHaveLength(1);
    // A new edit arms the next one; an explicit save in between disarms it.
    sync.changed();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_EVERY_MS / 2);
    await sync.save();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_EVERY_MS);
    expect(backend.saved).toHaveLength(2);
    sync.stop();
  });

  it('does not save on a timer once stopped (editor closed)', async () => {
    const backend = fakeBackend();
    const sync = new DraftSync(backend, read);
    sync.start();
    sync.changed();
    sync.stop();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_EVERY_MS * 2);
    expect(backend.saved).toHaveLength(0);
    expect(backend.asked).toHaveLength(0);
  });

  it('flushes (before Preview, Issue, leaving) only when something is unsaved', async () => {
    const backend = fakeBackend();
    const sync = new DraftSync(backend, read);
    expect(await sync.flush()).toBe(true);
    expect(backend.saved).toHaveLength(1);
    expect(await sync.flush()).toBe(true);
    expect(backend.saved).toHaveLength(1);
    sync.changed();
    expect(await sync.flush()).toBe(true);
    expect(backend.saved).toHaveLength(2);
  });

  it('stays dirty when a save is refused, so nothing is silently lost', async () => {
    const backend = fakeBackend();
    backend.saveResult = { ok: false, error: { code: 'VALIDATION', message: 'bad', fields: { 'lines.0.description': 'Enter it' } } };
    const sync = new DraftSync(backend, read);
    sync.changed();
    expect(await sync.save()).toBe(false);
    expect(sync.dirty).toBe(true);
    expect(sync.errors).toEqual({ 'lines.0.description': 'Enter it' });
  });
});
