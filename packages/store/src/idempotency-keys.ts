import { one, RetryTransaction, run, type Step } from './sql/steps.js';
import { nowIso } from './util.js';

/**
 * Idempotency keys of order requests, per account. A key is honoured while it is younger than the
 * store's TTL, judged in database time (`created_ms` against {now_ms}, as leases and token expiry are).
 * Expired keys are swept by the writes of keys themselves: each write deletes at most SWEEP_BATCH of the
 * oldest expired ones, so the table cannot grow past the live keys plus a backlog that every write
 * shrinks, without a timer or a worker having to run. On Postgres the sweep skips rows another
 * transaction holds, so concurrent order requests never wait on each other's sweep.
 */
export const DEFAULT_IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
const SWEEP_BATCH = 100;

/** The order ids a live key stands for, or undefined when the key is unknown or has expired. */
export function* findLiveKey(accountId: string, key: string, ttlMs: number): Step<string[] | undefined> {
  const row = yield* one<{ order_ids_json: unknown }>(
    `SELECT order_ids_json FROM idempotency_keys
     WHERE account_id = ? AND idempotency_key = ? AND created_ms > {now_ms} - ?`,
    [accountId, key, ttlMs],
  );
  return row ? (JSON.parse(String(row.order_ids_json)) as string[]) : undefined;
}

/**
 * Records a key for new orders in the caller's transaction: an expired record of the same key gives
 * way, a batch of other expired keys is swept, and a concurrent request that committed the key first
 * makes the transaction run again (and then find that key).
 */
export function* rememberKey(accountId: string, key: string, orderIds: readonly string[], ttlMs: number): Step<void> {
  yield* run('DELETE FROM idempotency_keys WHERE account_id = ? AND idempotency_key = ? AND created_ms <= {now_ms} - ?', [
    accountId,
    key,
    ttlMs,
  ]);
  yield* run(
    `DELETE FROM idempotency_keys WHERE (account_id, idempotency_key) IN (
       SELECT account_id, idempotency_key FROM idempotency_keys WHERE created_ms <= {now_ms} - ?
       ORDER BY created_ms LIMIT ? {skip_locked})`,
    [ttlMs, SWEEP_BATCH],
  );
  const claimed = yield* run(
    `INSERT INTO idempotency_keys (account_id, idempotency_key, order_ids_json, created_at, created_ms)
     VALUES (?, ?, ?, ?, {now_ms}) ON CONFLICT DO NOTHING`,
    [accountId, key, JSON.stringify(orderIds), nowIso()],
  );
  if (claimed === 0) throw new RetryTransaction('a concurrent request committed this idempotency key first');
}
