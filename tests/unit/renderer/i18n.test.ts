import { describe, expect, it } from 'vitest';
import { detectLanguage, dictionary, LANGUAGES, placeholders, translate } from '../../../src-renderer/lib/i18n.js';
import type { MessageKey } from '../../../src-renderer/lib/i18n.js';

describe('renderer i18n', () => {
  const en = dictionary('en');

  it('has the same keys in every language', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(dictionary(language)).sort()).toEqual(Object.keys(en).sort());
    }
  });

  it('keeps the same {placeholders} in every translation', () => {
    for (const language of LANGUAGES) {
      const dict = dictionary(language);
      for (const key of Object.keys(en) as MessageKey[]) {
        expect(placeholders(dict[key]), `${language}:${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it('has no empty or untranslated French strings (names and codes aside)', () => {
    const fr = dictionary('fr');
    const same = (Object.keys(en) as MessageKey[]).filter((key) => fr[key] === en[key]);
    expect(same.sort()).toEqual(['app.name', 'audit.action', 'users.actions']);
    for (const value of Object.values(fr)) expect(value.trim()).not.toBe('');
  });

  it('fills parameters and leaves a missing one visible', () => {
    expect(translate('en', 'users.added', { name: 'bob' })).toBe('bob was added.');
    expect(translate('fr', 'users.added', { name: 'bob' })).toBe('bob a été ajouté.');
    expect(translate('en', 'users.added')).toBe('{name} was added.');
  });

  it('picks the first supported language from the browser list', () => {
    expect(detectLanguage(['fr-CA', 'en-US'])).toBe('fr');
    expect(detectLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(detectLanguage(['de-DE'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});
