import { ErrorCode, type Order, type OrderProgress, OrderProgressSchema } from '@onscreen/core';
import type { EntryLabels } from '@onscreen/core';
import { refreshOcrStatus, setEntryLabels } from './entry-state.js';
import { releaseHolds } from './place-order.js';
import { type Row, toOrder } from './rows.js';
import { leaseLost } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { Claim, FailOrderInput, ReapOptions } from './types.js';
import { newSecret, nowIso, parseInput } from './util.js';

/**
 * The worker side. A claim hands out a fresh lease token; every later write is fenced by
 * (order id, token, processing, lease not expired in database time) and otherwise changes nothing.
 */
export const FENCE = "id = ? AND lease_token = ? AND status = 'processing' AND lease_expires_ms > {now_ms}";
const BACK_TO_QUEUE =
  "status = 'pending', lease_token = NULL, worker_id = NULL, lease_expires_ms = NULL, progress_step = 'queued', progress_percent = 0";

export function* claimNextOrder(workerId: string, leaseMs: number): Step<Claim | null> {
  // Turnaround first; within it, accounts with fewer orders in processing go first (an account with
  // 1,000 waiting orders does not make the others wait behind them all), then the oldest order. The
  // counts are taken once from the few processing rows (orders_queue) and joined: counted per pending
  // row, a claim cost 0.7 s of Postgres time with 7,000 orders waiting.
  const next = yield* one<Row>(
    `WITH busy AS (SELECT account_id, COUNT(*) AS n FROM orders WHERE status = 'processing' GROUP BY account_id)
     SELECT o.id FROM orders o LEFT JOIN busy b ON b.account_id = o.account_id
     WHERE o.status = 'pending' AND o.not_before_ms <= {now_ms}
     ORDER BY o.priority, COALESCE(b.n, 0), o.seq
     LIMIT 1 {skip_locked_o}`,
  );
  if (!next) return null;
  const leaseToken = newSecret(18);
  const row = yield* one<Row>(
    `UPDATE orders SET status = 'processing', attempt = attempt + 1, worker_id = ?, lease_token = ?,
       lease_expires_ms = {now_ms} + ?, updated_at = ?
     WHERE id = ? AND status = 'pending' RETURNING *`,
    [workerId, leaseToken, leaseMs, nowIso(), next.id],
  );
  return row ? { order: toOrder(row), leaseToken } : null;
}

function* fenced(orderId: string, token: string, set: string, params: readonly unknown[]): Step<Order> {
  const row = yield* one<Row>(`UPDATE orders SET ${set}, updated_at = ? WHERE ${FENCE} RETURNING *`, [...params, nowIso(), orderId, token]);
  if (!row) throw leaseLost(orderId);
  return toOrder(row);
}

export function* heartbeat(orderId: string, token: string, leaseMs: number): Step<Order> {
  return yield* fenced(orderId, token, 'lease_expires_ms = {now_ms} + ?', [leaseMs]);
}

export function* reportProgress(orderId: string, token: string, progress: OrderProgress): Step<Order> {
  const { step, percent } = parseInput(OrderProgressSchema, progress, 'progress');
  return yield* fenced(orderId, token, 'progress_step = ?, progress_percent = ?', [step, percent]);
}

/** Ready, with the entry's labels (when the worker computed them) kept with the entry in the same transaction. */
export function* completeOrder(orderId: string, token: string, segmentCount: number, labels?: EntryLabels): Step<Order> {
  const order = yield* fenced(
    orderId,
    token,
    `status = 'ready', segment_count = ?, progress_step = 'done', progress_percent = 100,
     error_code = NULL, error_details = NULL, lease_token = NULL, lease_expires_ms = NULL`,
    [segmentCount],
  );
  yield* run("UPDATE order_actions SET status = 'done', updated_at = ? WHERE order_id = ? AND status = 'active'", [nowIso(), orderId]);
  if (labels) yield* setEntryLabels(order.entryId, labels);
  yield* refreshOcrStatus(order.entryId);
  return order;
}

/** Retryable failures with attempts left wait `backoffMs` in pending; the rest end in error. */
export function* failOrder(orderId: string, token: string, failure: FailOrderInput, maxAttempts: number): Step<Order> {
  const current = yield* one<Row>(`SELECT attempt FROM orders WHERE ${FENCE}`, [orderId, token]);
  if (!current) throw leaseLost(orderId);
  const retry = failure.retryable && Number(current.attempt) < maxAttempts;
  const set = retry
    ? `${BACK_TO_QUEUE}, not_before_ms = {now_ms} + ?, error_code = ?, error_details = ?`
    : 'status = ?, lease_token = NULL, lease_expires_ms = NULL, error_code = ?, error_details = ?';
  const order = yield* fenced(orderId, token, set, [retry ? (failure.backoffMs ?? 0) : 'error', failure.code, failure.details]);
  if (order.status === 'error') {
    yield* refreshOcrStatus(order.entryId);
    yield* releaseHolds(order.id); // an order that ends in error costs nothing
  }
  return order;
}

/** Graceful shutdown: the order waits again at once, and the attempt it was on is not counted. */
export function* releaseOrder(orderId: string, token: string): Step<Order> {
  return yield* fenced(orderId, token, `${BACK_TO_QUEUE}, not_before_ms = 0, attempt = attempt - 1`, []);
}

/**
 * The SQL for a requeued order's wait: the schedule's entry for the order's `attempt`, shortened by a
 * random share of at most `jitterRatio` drawn for each row (so orders reaped together spread out).
 */
function reapWaitSql(schedule: readonly number[], jitterRatio: number): { sql: string; params: number[] } {
  const cases = schedule.slice(0, -1).map((_, i) => `WHEN ${i + 1} THEN CAST(? AS BIGINT) `);
  const wait = cases.length === 0 ? 'CAST(? AS BIGINT)' : `CASE attempt ${cases.join('')}ELSE CAST(? AS BIGINT) END`;
  if (jitterRatio === 0) return { sql: wait, params: [...schedule] };
  return {
    sql: `CAST((${wait}) * (1 - CAST(? AS DOUBLE PRECISION) * {random_unit}) AS BIGINT)`,
    params: [...schedule, jitterRatio],
  };
}

export function* reapExpiredLeases({ maxAttempts, backoffMs, jitterRatio = 0 }: ReapOptions): Step<number> {
  const expired = "status = 'processing' AND lease_expires_ms <= {now_ms}";
  const failed = yield* all<Row>(
    `UPDATE orders SET status = 'error', lease_token = NULL, lease_expires_ms = NULL, error_code = ?, error_details = ?,
       updated_at = ? WHERE ${expired} AND attempt >= ? RETURNING id, entry_id`,
    [
      ErrorCode.LEASE_LOST,
      `The worker's lease expired on each of ${maxAttempts} attempts (it stopped heartbeating: crashed, hung or lost the database).`,
      nowIso(),
      maxAttempts,
    ],
  );
  for (const row of failed) yield* releaseHolds(String(row.id));
  for (const entryId of new Set(failed.map((row) => String(row.entry_id)))) yield* refreshOcrStatus(entryId);
  const wait = reapWaitSql(typeof backoffMs === 'number' ? [backoffMs] : backoffMs, jitterRatio);
  const requeued = yield* all<Row>(
    `UPDATE orders SET ${BACK_TO_QUEUE}, not_before_ms = {now_ms} + ${wait.sql}, error_code = ?, error_details = ?, updated_at = ?
     WHERE ${expired} AND attempt < ? RETURNING id`,
    [...wait.params, ErrorCode.LEASE_LOST, 'The worker lease expired; the order was queued again.', nowIso(), maxAttempts],
  );
  return failed.length + requeued.length;
}
