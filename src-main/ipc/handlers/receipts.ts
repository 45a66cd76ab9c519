import type { HandlerMap } from '../handlers.js';
import type { RECEIPTS_CONTRACT } from '../../../src-shared/contract-receipts.js';

export const receiptsHandlers: HandlerMap<keyof typeof RECEIPTS_CONTRACT> = {};
