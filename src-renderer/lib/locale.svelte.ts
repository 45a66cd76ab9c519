import { detectLanguage, isLanguage, isMessageKey, translate, translateCounts } from './i18n.js';
import type { Language, MessageKey, Params } from './i18n.js';

const STORAGE_KEY = 'sealbook.language';

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be unavailable (private mode, custom protocol): fall back to the OS language.
  }
  return detectLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

const locale = $state<{ language: Language }>({ language: initialLanguage() });
document.documentElement.lang = locale.language;

export function currentLanguage(): Language {
  return locale.language;
}

export function setLanguage(language: Language): void {
  locale.language = language;
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not fatal: the choice holds for this session only.
  }
}

/** Reactive: reading `locale.language` makes every caller re-render on a switch. */
export function t(key: MessageKey, params?: Params): string {
  return params ? translateCounts(locale.language, key, params) : translate(locale.language, key);
}

/** For keys that come from main (job kinds): shown raw when we have no translation. */
export function tDynamic(key: string, params?: Params): string {
  return isMessageKey(key) ? t(key, params) : key;
}

export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(locale.language, { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}
