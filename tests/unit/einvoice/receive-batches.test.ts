import { describe, expect, it } from 'vitest';
import { mergeOutcomes, NO_OUTCOME, planBatches } from '../../../src-shared/einvoice-batches.js';

describe('sending a folder of e-invoices in batches', () => {
  it('keeps the order and cuts at the file count', () => {
    const batches = planBatches(Array.from({ length: 120 }, () => 10), 50, 1_000_000);
    expect(batches.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, index) => index));
  });

  it('cuts at the byte budget, and gives a file above it a batch of its own', () => {
    expect(planBatches([40, 40, 40, 150, 10, 10], 50, 100)).toEqual([[0, 1], [2], [3], [4, 5]]);
    expect(planBatches([], 50, 100)).toEqual([]);
  });

  it('merges the outcomes of the calls', () => {
    const first = { received: [{ file: 'a.xml', id: '1', valid: true }], duplicates: [], rejected: [{ file: 'x.txt', code: 'NOT_AN_EINVOICE', message: 'no' }] };
    const second = { received: [{ file: 'b.xml', id: '2', valid: false }], duplicates: [{ file: 'a-copy.xml', existingId: '1' }], rejected: [] };
    expect(mergeOutcomes(mergeOutcomes(NO_OUTCOME, first), second)).toEqual({
      received: [first.received[0], second.received[0]],
      duplicates: [{ file: 'a-copy.xml', existingId: '1' }],
      rejected: [first.rejected[0]],
    });
  });
});
