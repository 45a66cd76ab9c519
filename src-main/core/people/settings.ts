import type { Settings } from '../../../src-shared/contract.js';
import type { Session } from './session.js';
import { readAutoLockMinutes } from './session.js';

export function getSettings(session: Session): Settings {
  return { autoLockMinutes: readAutoLockMinutes(session.db) };
}

/** Saves the settings and applies the auto-lock time to the running session at once. */
export function updateSettings(session: Session, input: Settings): Settings {
  const before = getSettings(session);
  session.transaction(() => {
    session.db
      .prepare<[string]>("INSERT INTO settings (key, value) VALUES ('auto_lock_minutes', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(String(input.autoLockMinutes));
    session.audit({ action: 'settings.updated', details: { autoLockMinutes: { from: before.autoLockMinutes, to: input.autoLockMinutes } } });
  });
  session.setAutoLockMinutes(input.autoLockMinutes);
  return getSettings(session);
}
