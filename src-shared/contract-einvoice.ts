/**
 * E-invoice channels. Spread into CONTRACT in contract.ts; the feature owns
 * this file (schemas, output types, permissions).
 */
export const EINVOICE_CONTRACT = {} as const;
