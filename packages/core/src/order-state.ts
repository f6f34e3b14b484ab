import { ErrorCode, OnscreenError } from './errors.js';
import { Messages } from './messages.js';
import type { OrderStatus } from './order.js';

/**
 * What can happen to an order:
 * - claim: a worker takes a pending order;
 * - complete / fail: the worker that holds it finishes;
 * - release: its lease expired or the worker shut down, so the order waits again;
 * - cancel: the requester gives up on a pending order;
 * - retry: an order in error is queued again.
 */
export type OrderEvent = 'claim' | 'complete' | 'fail' | 'release' | 'cancel' | 'retry';

export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['ready', 'aborted']);
export const ACTIVE_STATUSES: ReadonlySet<OrderStatus> = new Set(['pending', 'processing']);

const TRANSITIONS: Readonly<Record<OrderEvent, Partial<Record<OrderStatus, OrderStatus>>>> = {
  claim: { pending: 'processing' },
  complete: { processing: 'ready' },
  fail: { processing: 'error' },
  release: { processing: 'pending' },
  cancel: { pending: 'aborted', aborted: 'aborted' },
  retry: { error: 'pending' },
};

const STATE_WORDS: Record<OrderStatus, string> = {
  pending: 'it is waiting to start',
  processing: 'it is in progress',
  ready: 'it is ready',
  error: 'it ended in an error',
  aborted: 'it was cancelled',
};

/** The status an event leads to, or undefined when the event is not allowed from `from`. */
export function tryTransition(from: OrderStatus, event: OrderEvent): OrderStatus | undefined {
  return TRANSITIONS[event][from];
}

/** The status an event leads to; refused events throw with the product's message and a stable code. */
export function transition(from: OrderStatus, event: OrderEvent): OrderStatus {
  const to = tryTransition(from, event);
  if (to !== undefined) return to;
  if (event === 'cancel' && from === 'processing') {
    throw new OnscreenError(ErrorCode.ALREADY_IN_PROGRESS, Messages.ALREADY_IN_PROGRESS, { details: { from } });
  }
  // in words: "it is ready, which is final", "it ended in an error", "it was cancelled"
  const state = STATE_WORDS[from];
  const reason = FINAL_STATUSES.has(from) ? `${state}, which is final` : state;
  throw new OnscreenError(ErrorCode.INVALID_TRANSITION, `Cannot ${event} this order: ${reason}.`, {
    details: { from, event },
  });
}

/** Statuses from which an event is allowed (used by stores to build compare-and-set updates). */
export function sourcesOf(event: OrderEvent): OrderStatus[] {
  return Object.keys(TRANSITIONS[event]) as OrderStatus[];
}
