import { describe, expect, it } from 'vitest';
import { bulkOrderSummary } from './bulk-order.js';

describe('bulkOrderSummary', () => {
  it('counts outcomes in a fixed order, leaving out the ones that did not happen', () => {
    const outcomes = [...Array(12).fill('ordered'), 'not_yours', 'already_ordered', 'already_ordered'] as const;
    expect(bulkOrderSummary(outcomes)).toBe('12 ordered, 2 already ordered, 1 not yours');
    expect(bulkOrderSummary(['reach_disabled', 'reach_disabled'])).toBe('2 REACH off');
    expect(bulkOrderSummary(['no_credit', 'ordered'])).toBe('1 ordered, 1 not enough credit');
    expect(bulkOrderSummary([])).toBe('');
  });
});
