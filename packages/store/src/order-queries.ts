import { type Order, type OrderStatus, OrderStatusSchema, transition } from '@onscreen/core';
import { canSeeOrder, loadManagedEntry, loadUser } from './access.js';
import { abortPendingOrder } from './place-order.js';
import { type Row, toOrder, toOrderAction } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, type Step } from './sql/steps.js';
import type { OrderAction } from './types.js';

/** Reading and cancelling orders on behalf of a user; someone else's order is NOT_FOUND. */
export function* listEntryOrders(entryId: string, userId: string): Step<Order[]> {
  yield* loadManagedEntry(yield* loadUser(userId), entryId);
  const rows = yield* all<Row>('SELECT * FROM orders WHERE entry_id = ? ORDER BY seq DESC', [entryId]);
  return rows.map(toOrder);
}

function* loadVisibleOrder(orderId: string, userId: string): Step<Order> {
  const user = yield* loadUser(userId);
  const row = yield* one<Row>('SELECT * FROM orders WHERE id = ?', [orderId]);
  const order = row ? toOrder(row) : undefined;
  if (!order || !canSeeOrder(user, order)) throw notFound('order', orderId);
  return order;
}

export function* getOrder(orderId: string, userId: string): Step<Order> {
  return yield* loadVisibleOrder(orderId, userId);
}

/**
 * pending → aborted as one compare-and-set with its cascade. When the set does not take, the status
 * that stopped it decides: processing → ALREADY_IN_PROGRESS, aborted → returned as is, final → INVALID_TRANSITION.
 */
export function* cancelOrder(orderId: string, userId: string): Step<Order> {
  yield* loadVisibleOrder(orderId, userId);
  yield* abortPendingOrder(orderId);
  const row = yield* one<Row>('SELECT * FROM orders WHERE id = ?', [orderId]);
  if (!row) throw notFound('order', orderId);
  const order = toOrder(row);
  transition(order.status, 'cancel');
  return order;
}

export function* listOrderActions(orderId: string): Step<OrderAction[]> {
  const rows = yield* all<Row>('SELECT * FROM order_actions WHERE order_id = ? ORDER BY kind', [orderId]);
  return rows.map(toOrderAction);
}

export function* countOrdersByStatus(): Step<Record<OrderStatus, number>> {
  const counts = Object.fromEntries(OrderStatusSchema.options.map((s) => [s, 0])) as Record<OrderStatus, number>;
  const rows = yield* all<Row>('SELECT status, COUNT(*) AS n FROM orders GROUP BY status');
  for (const row of rows) counts[row.status as OrderStatus] = Number(row.n);
  return counts;
}
