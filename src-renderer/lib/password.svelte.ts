import type { PasswordVerdict } from '../../src-shared/contract.js';
import { call } from './api.js';
import { debounce } from './forms.js';

/**
 * Strength comes from main (`password.check`), debounced while typing. Stale
 * answers are dropped so a slow reply never overwrites a newer one.
 */
export interface PasswordChecker {
  readonly verdict: PasswordVerdict | null;
  check(password: string): void;
}

export function passwordChecker(userInputs: () => string[]): PasswordChecker {
  const state = $state<{ verdict: PasswordVerdict | null }>({ verdict: null });
  let latest = 0;
  const run = debounce((password: string, ticket: number) => {
    void call('password.check', { password, userInputs: userInputs().filter((s) => s !== '').slice(0, 10) }).then((result) => {
      if (ticket === latest && result.ok) state.verdict = result.value;
    });
  }, 250);
  return {
    get verdict() {
      return state.verdict;
    },
    check(password: string) {
      latest++;
      if (password === '') {
        run.cancel();
        state.verdict = null;
        return;
      }
      run(password, latest);
    },
  };
}
