import { describe, expect, it } from 'vitest';
import { assertStrongPassword, checkPassword } from '../../../src-main/core/people/password-policy.js';
import { ValidationError } from '../../../src-main/core/errors.js';

describe('password policy', () => {
  it('wants at least 12 characters, counted as people count them', () => {
    expect(checkPassword('Xq7#pL2!vR9')).toMatchObject({ ok: false, feedback: 'Use at least 12 characters.' });
    expect(checkPassword('ünïcödé😀😀😀😀😀').feedback).not.toBe('Use at least 12 characters.');
  });

  it('refuses guessable passwords with the estimator\'s reason', () => {
    const verdict = checkPassword('password1234');
    expect(verdict.ok).toBe(false);
    expect(verdict.score).toBeLessThan(3);
    expect(verdict.feedback).toMatch(/commonly used|Add more words/);
    // The company name makes an otherwise fine password guessable.
    expect(checkPassword('acmetrading2026', ['acmetrading']).ok).toBe(false);
  });

  it('accepts a long passphrase', () => {
    expect(checkPassword('correct horse battery staple')).toMatchObject({ ok: true, score: 4 });
  });

  it('throws a ValidationError naming the field', () => {
    try {
      assertStrongPassword('short', 'next');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual({ next: 'Use at least 12 characters.' });
    }
  });
});
