import type { ImportRejection } from '../../../src-shared/bank.js';
import { translateCounts } from '../../lib/i18n.js';
import type { Language, MessageKey } from '../../lib/i18n.js';

/** A row or statement that was not imported, in the reader's language (main's own message is English). */
export function rejectionText(rejection: ImportRejection, language: Language): string {
  const reason = rejection.reason;
  if (!reason) return rejection.message;
  const key: MessageKey = `bank.rejected.${reason.code}`;
  return translateCounts(language, key, { line: rejection.line, ...reason.params });
}
