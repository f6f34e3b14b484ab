import { describe, expect, it } from 'vitest';
import { ErrorCode, isOnscreenError } from './errors.js';
import { Messages } from './messages.js';
import type { OrderStatus } from './order.js';
import { FINAL_STATUSES, type OrderEvent, sourcesOf, transition, tryTransition } from './order-state.js';

const STATUSES: OrderStatus[] = ['pending', 'processing', 'ready', 'error', 'aborted'];
const EVENTS: OrderEvent[] = ['claim', 'complete', 'fail', 'release', 'cancel', 'retry'];

/** The product's rules, written out as the full table: every (status, event) pair not listed is refused. */
const ALLOWED: Record<string, OrderStatus> = {
  'pending/claim': 'processing',
  'processing/complete': 'ready',
  'processing/fail': 'error',
  'processing/release': 'pending',
  'pending/cancel': 'aborted',
  'aborted/cancel': 'aborted',
  'error/retry': 'pending',
};

describe('order state machine', () => {
  for (const from of STATUSES) {
    for (const event of EVENTS) {
      const expected = ALLOWED[`${from}/${event}`];
      it(`${event} from ${from} ${expected ? `→ ${expected}` : 'is refused'}`, () => {
        expect(tryTransition(from, event)).toBe(expected);
        if (expected !== undefined) {
          expect(transition(from, event)).toBe(expected);
          return;
        }
        let caught: unknown;
        try {
          transition(from, event);
        } catch (error) {
          caught = error;
        }
        expect(isOnscreenError(caught)).toBe(true);
        if (from === 'processing' && event === 'cancel') {
          expect(isOnscreenError(caught, ErrorCode.ALREADY_IN_PROGRESS)).toBe(true);
          expect((caught as Error).message).toBe(Messages.ALREADY_IN_PROGRESS);
        } else {
          expect(isOnscreenError(caught, ErrorCode.INVALID_TRANSITION)).toBe(true);
        }
      });
    }
  }

  it('ready and aborted are final: nothing leaves them except a repeated cancel of an aborted order', () => {
    for (const from of FINAL_STATUSES) {
      const exits = EVENTS.map((event) => tryTransition(from, event)).filter((to) => to !== undefined && to !== from);
      expect(exits).toEqual([]);
    }
  });

  it('lists the source statuses of an event for compare-and-set updates', () => {
    expect(sourcesOf('cancel').sort()).toEqual(['aborted', 'pending']);
    expect(sourcesOf('claim')).toEqual(['pending']);
  });
});
