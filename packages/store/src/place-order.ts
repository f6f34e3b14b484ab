import {
  type CreateOrderRequest,
  OcrOptionsSchema,
  TURNAROUND_PRIORITY,
  type Order,
  type OcrOptionsInput,
  type TurnaroundTime,
} from '@onscreen/core';
import { refreshOcrStatus } from './entry-state.js';
import { type Row, toOrder } from './rows.js';
import { all, one, run, type Step } from './sql/steps.js';
import { newId, nowIso } from './util.js';

/** Everything one order is made of; shared by direct orders and automated rules. */
export interface OrderDraft {
  id: string;
  entryId: string;
  accountId: string;
  requesterId: string;
  ruleId: string | null;
  sourceLanguage: string;
  turnaroundTime: TurnaroundTime;
  ocr: Partial<OcrOptionsInput> | undefined;
  /** Minutes of video this order holds against the account's credit. */
  creditMinutes: number;
}

export type PlaceResult = { kind: 'placed'; order: Order } | { kind: 'duplicate' } | { kind: 'insufficient_credit' };

/** A video's duration in whole minutes, rounded up; unknown durations cost nothing. */
export function minutesOf(durationMs: number | null): number {
  return durationMs === null ? 0 : Math.ceil(durationMs / 60_000);
}

/** The draft of a user's own order for an entry: a new id, the request's options, the entry's minutes. */
export function draftFor(
  entry: { id: string; durationMs: number | null },
  who: { accountId: string; requesterId: string },
  request: Pick<CreateOrderRequest, 'sourceLanguage' | 'turnaroundTime' | 'ocr'>,
): OrderDraft {
  return {
    id: newId('ord'),
    entryId: entry.id,
    accountId: who.accountId,
    requesterId: who.requesterId,
    ruleId: null,
    sourceLanguage: request.sourceLanguage,
    turnaroundTime: request.turnaroundTime,
    ocr: request.ocr,
    creditMinutes: minutesOf(entry.durationMs),
  };
}

/**
 * Holds the credit (account row first, so concurrent orders of one account queue up in one order),
 * then inserts the order; the partial unique index turns a second active OCR order into 'duplicate'.
 */
export function* placeOrder(draft: OrderDraft): Step<PlaceResult> {
  const held = yield* run(
    `UPDATE accounts SET credit_minutes = credit_minutes - ?
     WHERE id = ? AND (credit_minutes IS NULL OR credit_minutes >= ?)`,
    [draft.creditMinutes, draft.accountId, draft.creditMinutes],
  );
  if (held === 0) return { kind: 'insufficient_credit' };
  const now = nowIso();
  const row = yield* one<Row>(
    `INSERT INTO orders (id, entry_id, account_id, requester_id, rule_id, service, feature, source_language,
       turnaround_time, priority, ocr_json, status, attempt, progress_step, progress_percent, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'machine', 'ocr', ?, ?, ?, ?, 'pending', 0, 'queued', 0, ?, ?)
     ON CONFLICT DO NOTHING RETURNING *`,
    [
      draft.id,
      draft.entryId,
      draft.accountId,
      draft.requesterId,
      draft.ruleId,
      draft.sourceLanguage,
      draft.turnaroundTime,
      TURNAROUND_PRIORITY[draft.turnaroundTime],
      JSON.stringify(OcrOptionsSchema.parse(draft.ocr ?? {})),
      now,
      now,
    ],
  );
  if (!row) {
    yield* run('UPDATE accounts SET credit_minutes = credit_minutes + ? WHERE id = ?', [draft.creditMinutes, draft.accountId]);
    return { kind: 'duplicate' };
  }
  for (const [kind, amount] of [
    ['credit_hold', draft.creditMinutes],
    ['notification', 0],
  ] as const) {
    yield* run(
      `INSERT INTO order_actions (id, order_id, kind, status, amount_minutes, created_at, updated_at)
       VALUES (?, ?, ?, 'active', ?, ?, ?)`,
      [newId('act'), draft.id, kind, amount, now, now],
    );
  }
  yield* refreshOcrStatus(draft.entryId);
  return { kind: 'placed', order: toOrder(row) };
}

/**
 * Compare-and-set pending → aborted, with its cascade: active actions are cancelled and the credit
 * hold refunded, all in the caller's transaction. False when the order was not pending.
 */
export function* abortPendingOrder(orderId: string): Step<boolean> {
  const now = nowIso();
  const aborted = yield* one<Row>(
    "UPDATE orders SET status = 'aborted', updated_at = ? WHERE id = ? AND status = 'pending' RETURNING entry_id",
    [now, orderId],
  );
  if (!aborted) return false;
  yield* refreshOcrStatus(String(aborted.entry_id));
  yield* releaseHolds(orderId, now);
  return true;
}

/**
 * An order that will not run (cancelled, or ended in error): its active actions are cancelled and the
 * credit it held goes back to the account, in the caller's transaction. Idempotent: only active holds count.
 */
export function* releaseHolds(orderId: string, now = nowIso()): Step<number> {
  const holds = yield* all<Row>(
    `UPDATE order_actions SET status = 'cancelled', updated_at = ?
     WHERE order_id = ? AND status = 'active' RETURNING kind, amount_minutes`,
    [now, orderId],
  );
  const refund = holds.filter((h) => h.kind === 'credit_hold').reduce((sum, h) => sum + Number(h.amount_minutes), 0);
  if (refund > 0) {
    yield* run('UPDATE accounts SET credit_minutes = credit_minutes + ? WHERE id = (SELECT account_id FROM orders WHERE id = ?)', [
      refund,
      orderId,
    ]);
  }
  return refund;
}
