import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { PasswordVerdict } from '../../../src-shared/contract.js';
import { ValidationError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn score 3: "safely unguessable", about 10^10 guesses (DESIGN §3). */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;

// Building the ranked dictionaries costs ~100 ms: do it once, on first use.
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return estimator;
}

/** Judges a password; `userInputs` (user name, company) count as guessable words. */
export function checkPassword(password: string, userInputs: readonly string[] = []): PasswordVerdict {
  const result = zxcvbn().check(password.slice(0, 256), [...userInputs]);
  const hint = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s).join(' ');
  // Counted in code points, so an accented letter or an emoji is one character.
  if (Array.from(password).length < MIN_PASSWORD_LENGTH) {
    return { ok: false, score: result.score, feedback: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  }
  if (result.score < MIN_PASSWORD_SCORE) {
    return {
      ok: false,
      score: result.score,
      feedback: hint || 'This password is easy to guess. Add another word or two that are not common together.',
    };
  }
  return { ok: true, score: result.score, feedback: hint };
}

/** Throws a ValidationError that says why, for the `field` of the request. */
export function assertStrongPassword(password: string, field: string, userInputs: readonly string[] = []): void {
  const verdict = checkPassword(password, userInputs);
  if (!verdict.ok) throw new ValidationError(`Choose a stronger password: ${verdict.feedback}`, { [field]: verdict.feedback });
}
