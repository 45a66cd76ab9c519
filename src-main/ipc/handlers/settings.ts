import { requireVaultSession } from '../../core/people/app-vault.js';
import { getSettings, updateSettings } from '../../core/people/settings.js';
import type { HandlerMap } from '../handlers.js';

export const settingsHandlers: HandlerMap<'settings.get' | 'settings.update'> = {
  'settings.get': (_input, ctx) => getSettings(requireVaultSession(ctx.session)),
  'settings.update': (input, ctx) => updateSettings(requireVaultSession(ctx.session), input),
};
