import { en } from '../locales/en.js';
import type { MessageKey } from '../locales/en.js';
import { fr } from '../locales/fr.js';

export type { MessageKey };
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Each language's own name, as its speakers write it. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', fr: 'Français' };

/** The French dictionary is typed `Record<MessageKey, string>`: a missing or extra key fails the build. */
const DICTIONARIES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, fr };

export type Params = Readonly<Record<string, string | number>>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, value);
}

/** `fr-CA` -> `fr`; anything unknown falls back to English. */
export function detectLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Replaces `{name}` placeholders; a missing parameter stays visible rather than vanishing. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const template = DICTIONARIES[language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** `translate` with numbers grouped the language's way (100,000 / 100 000). */
export function translateCounts(language: Language, key: MessageKey, params: Params = {}): string {
  const format = new Intl.NumberFormat(language);
  const formatted: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) formatted[name] = typeof value === 'number' ? format.format(value) : value;
  return translate(language, key, formatted);
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function dictionary(language: Language): Readonly<Record<MessageKey, string>> {
  return DICTIONARIES[language];
}
