import type { HandlerMap } from '../handlers.js';
import type { BACKUPS_CONTRACT } from '../../../src-shared/contract-backups.js';

export const backupsHandlers: HandlerMap<keyof typeof BACKUPS_CONTRACT> = {};
