import type { Result } from '../../../src-shared/result.js';
import { showError, showToast } from '../../lib/toasts.svelte.js';

/**
 * A list a books screen shows (closed periods, recurring templates) and the
 * actions on its rows: each action calls main, says what happened or what
 * went wrong, and reloads the list.
 */
export class Listed<T> {
  items = $state<readonly T[]>([]);
  loaded = $state(false);
  readonly #fetch: () => Promise<Result<readonly T[]>>;

  constructor(fetch: () => Promise<Result<readonly T[]>>) {
    this.#fetch = fetch;
  }

  async reload(): Promise<void> {
    const result = await this.#fetch();
    this.loaded = true;
    if (result.ok) this.items = result.value;
    else showError(result.error);
  }

  /** Runs a row action; on success toasts `message` and reloads. */
  async act(done: Promise<Result<unknown>>, message: string): Promise<boolean> {
    const result = await done;
    if (!result.ok) {
      showError(result.error);
      return false;
    }
    showToast('success', message);
    await this.reload();
    return true;
  }
}
