import type { HandlerMap } from '../handlers.js';
import type { BANK_CONTRACT } from '../../../src-shared/contract-bank.js';

export const bankHandlers: HandlerMap<keyof typeof BANK_CONTRACT> = {};
