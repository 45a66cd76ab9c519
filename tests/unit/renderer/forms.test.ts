import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src-shared/result.js';
import type { FormState } from '../../../src-renderer/lib/forms.js';
import { submitForm } from '../../../src-renderer/lib/forms.js';
import { dismissToast, toasts } from '../../../src-renderer/lib/toasts.svelte.js';

afterEach(() => {
  for (const toast of [...toasts]) dismissToast(toast.id);
});

describe('submitForm', () => {
  it('is busy only while the call runs and clears old field errors on success', async () => {
    const form: FormState = { busy: false, errors: { name: 'old' } };
    let busyDuringCall = false;
    const result = await submitForm(form, () => {
      busyDuringCall = form.busy;
      return Promise.resolve<Result<number>>({ ok: true, value: 7 });
    });
    expect(busyDuringCall).toBe(true);
    expect(form.busy).toBe(false);
    expect(form.errors).toEqual({});
    expect(result).toEqual({ ok: true, value: 7 });
    expect(toasts).toHaveLength(0);
  });

  it('puts VALIDATION fields next to inputs and shows main message as an error toast', async () => {
    const form: FormState = { busy: false, errors: {} };
    const result = await submitForm(form, () =>
      Promise.resolve<Result<number>>({ ok: false, error: { code: 'VALIDATION', message: 'Check the name.', fields: { name: 'Required.' } } }),
    );
    expect(result.ok).toBe(false);
    expect(form.busy).toBe(false);
    expect(form.errors).toEqual({ name: 'Required.' });
    expect(toasts.map((toast) => [toast.kind, toast.message])).toEqual([['error', 'Check the name.']]);
  });

  it('shows no field errors for other failures', async () => {
    const form: FormState = { busy: false, errors: { name: 'old' } };
    await submitForm(form, () => Promise.resolve<Result<number>>({ ok: false, error: { code: 'CONFLICT', message: 'Taken.', fields: { name: 'x' } } }));
    expect(form.errors).toEqual({});
    expect(toasts.map((toast) => toast.message)).toEqual(['Taken.']);
  });
});
