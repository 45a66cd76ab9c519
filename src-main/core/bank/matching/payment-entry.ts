import { postSource, reverseSource } from '../../books/sources/index.js';
import type { MatchSource } from './source.js';

/**
 * A match that pays a purchase (expense, supplier invoice) is the payment's
 * voucher in the books: stored, it posts payable / bank (books/sources/bank-lines.ts);
 * undone, that immutable entry is counter-booked. The purchase stays as it was.
 */
export function postsPurchasePayment(what: string): Pick<MatchSource, 'recorded' | 'undo'> {
  return {
    recorded(ctx, match) {
      postSource(ctx, 'bank_line', match.id);
    },
    undo(ctx, match) {
      reverseSource(ctx, 'bank_line', match.id, `Bank match undone: ${what} ${match.targetId} unpaid again`);
    },
  };
}
