import type { HandlerMap } from '../handlers.js';
import type { EINVOICE_CONTRACT } from '../../../src-shared/contract-einvoice.js';

export const einvoiceHandlers: HandlerMap<keyof typeof EINVOICE_CONTRACT> = {};
