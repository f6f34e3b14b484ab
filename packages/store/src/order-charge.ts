import { ErrorCode, OnscreenError } from '@onscreen/core';
import { FENCE } from './claims.js';
import { minutesOf } from './place-order.js';
import type { Row } from './rows.js';
import { leaseLost } from './sql/errors.js';
import { one, run, type Step } from './sql/steps.js';
import type { DurationCharge } from './types.js';
import { nowIso } from './util.js';

/**
 * Charges an order for the duration its worker read (a header may claim less than the file holds): the
 * minutes beyond what was held at ordering come off the account's credit and join the order's hold, and
 * the entry's duration becomes the one read — or, when the credit does not cover them, nothing changes
 * and INSUFFICIENT_CREDIT says so. Fenced by the lease.
 */
export function* chargeOrderDuration(orderId: string, token: string, durationMs: number): Step<DurationCharge> {
  const order = yield* one<Row>(`SELECT entry_id, account_id FROM orders WHERE ${FENCE}`, [orderId, token]);
  if (!order) throw leaseLost(orderId);
  const hold = yield* one<Row>(
    "SELECT id, amount_minutes FROM order_actions WHERE order_id = ? AND kind = 'credit_hold' AND status = 'active'",
    [orderId],
  );
  const heldMinutes = Number(hold?.amount_minutes ?? 0);
  const extraMinutes = Math.max(0, minutesOf(durationMs) - heldMinutes);
  if (extraMinutes > 0) {
    const charged = yield* run(
      'UPDATE accounts SET credit_minutes = credit_minutes - ? WHERE id = ? AND (credit_minutes IS NULL OR credit_minutes >= ?)',
      [extraMinutes, order.account_id, extraMinutes],
    );
    if (charged === 0) {
      throw new OnscreenError(
        ErrorCode.INSUFFICIENT_CREDIT,
        `The video holds ${minutesOf(durationMs)} min, ${extraMinutes} more than its header declared and was charged; the account's REACH credit does not cover them, so its text was not indexed.`,
        { details: { orderId, durationMs, heldMinutes, extraMinutes } },
      );
    }
    if (hold)
      yield* run('UPDATE order_actions SET amount_minutes = amount_minutes + ?, updated_at = ? WHERE id = ?', [
        extraMinutes,
        nowIso(),
        hold.id,
      ]);
  }
  yield* run('UPDATE entries SET duration_ms = ? WHERE id = ? AND (duration_ms IS NULL OR duration_ms < ?)', [
    durationMs,
    order.entry_id,
    durationMs,
  ]);
  return { chargedMinutes: heldMinutes + extraMinutes, extraMinutes };
}
