import type { HandlerMap } from '../handlers.js';
import type { BOOKS_CONTRACT } from '../../../src-shared/contract-books.js';

export const booksHandlers: HandlerMap<keyof typeof BOOKS_CONTRACT> = {};
