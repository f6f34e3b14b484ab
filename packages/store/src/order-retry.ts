import { ErrorCode, Messages, OnscreenError, type Order } from '@onscreen/core';
import { canSeeOrder, loadManagedEntry, loadUser } from './access.js';
import { minutesOf, placeOrder } from './place-order.js';
import { type Row, toOrder } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, type Step } from './sql/steps.js';
import type { CreditHistoryItem } from './types.js';
import { newId } from './util.js';

/**
 * "Retry" of an order that ended in error: a new order for the same entry with the same options
 * (language, turnaround time, OCR options), placed as any order is (REACH on, credit, no duplicate).
 * The order in error stays as it is, in the entry's history.
 */
export function* retryOrder(orderId: string, userId: string): Step<Order> {
  const user = yield* loadUser(userId);
  const row = yield* one<Row>('SELECT * FROM orders WHERE id = ?', [orderId]);
  const failed = row ? toOrder(row) : undefined;
  if (!failed || !canSeeOrder(user, failed)) throw notFound('order', orderId);
  if (failed.status !== 'error') {
    throw new OnscreenError(ErrorCode.INVALID_TRANSITION, `Only an order in error can be retried; this one is ${failed.status}.`, {
      details: { orderId, status: failed.status },
    });
  }
  const { entry } = yield* loadManagedEntry(user, failed.entryId);
  const account = yield* one<Row>('SELECT reach_enabled FROM accounts WHERE id = ?', [user.accountId]);
  if (Number(account?.reach_enabled) !== 1) throw new OnscreenError(ErrorCode.REACH_DISABLED, Messages.REACH_DISABLED);
  const placed = yield* placeOrder({
    id: newId('ord'),
    entryId: entry.id,
    accountId: user.accountId,
    requesterId: user.id,
    ruleId: null,
    sourceLanguage: failed.sourceLanguage,
    turnaroundTime: failed.turnaroundTime,
    ocr: failed.ocr,
    creditMinutes: minutesOf(entry.durationMs),
  });
  if (placed.kind === 'duplicate') {
    throw new OnscreenError(ErrorCode.DUPLICATE_ORDER, `Entry ${entry.id} already has an OCR order pending or in progress.`, {
      details: { entryId: entry.id },
    });
  }
  if (placed.kind === 'insufficient_credit') {
    throw new OnscreenError(ErrorCode.INSUFFICIENT_CREDIT, 'The account has not enough REACH credit left for this order.', {
      details: { entryId: entry.id, minutesNeeded: minutesOf(entry.durationMs) },
    });
  }
  return placed.order;
}

const CREDIT_STATES = { active: 'held', done: 'charged', cancelled: 'refunded' } as const;

/** The account's REACH credit, order by order, newest first: what each held, and whether it was charged or refunded. */
export function* listCreditHistory(accountId: string, limit: number): Step<CreditHistoryItem[]> {
  const rows = yield* all<Row>(
    `SELECT a.order_id, a.amount_minutes, a.status, a.created_at, a.updated_at, o.entry_id, o.requester_id, o.status AS order_status
     FROM order_actions a JOIN orders o ON o.id = a.order_id
     WHERE o.account_id = ? AND a.kind = 'credit_hold' ORDER BY o.seq DESC LIMIT ?`,
    [accountId, Math.min(Math.max(Math.trunc(limit), 1), 1000)],
  );
  return rows.map((r) => ({
    orderId: String(r.order_id),
    entryId: String(r.entry_id),
    requesterId: String(r.requester_id),
    orderStatus: r.order_status as Order['status'],
    minutes: Number(r.amount_minutes),
    credit: CREDIT_STATES[r.status as keyof typeof CREDIT_STATES] ?? 'held',
    heldAt: String(r.created_at),
    settledAt: r.status === 'active' ? null : String(r.updated_at),
  }));
}
