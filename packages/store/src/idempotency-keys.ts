import { createHash } from 'node:crypto';
import { type CreateOrderRequest, OcrOptionsSchema } from '@onscreen/core';
import { one, RetryTransaction, run, type Step } from './sql/steps.js';
import { nowIso } from './util.js';

/**
 * Idempotency keys of order requests, per user: a key answers only the user who sent it, and only for
 * the request it was first sent with (its body's fingerprint). A key is honoured while it is younger
 * than the store's TTL, judged in database time (`created_ms` against {now_ms}, as leases and token
 * expiry are). Expired keys are swept by the writes of keys themselves: each write deletes at most
 * SWEEP_BATCH of the oldest expired ones, so the table cannot grow past the live keys plus a backlog that
 * every write shrinks, without a timer or a worker having to run. On Postgres the sweep skips rows
 * another transaction holds, so concurrent order requests never wait on each other's sweep.
 */
export const DEFAULT_IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
const SWEEP_BATCH = 100;

export interface LiveKey {
  orderIds: string[];
  /** The fingerprint of the request the key was first sent with; null for keys kept from before version 5. */
  requestSha256: string | null;
  /** A bulk order's whole answer (bulk-orders.ts); null for an all-or-nothing order. */
  resultsJson: string | null;
}

/** JSON with object keys sorted, so that two spellings of one request give one text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The fingerprint of an order request (without its key): what it would order, with defaults filled in
 * and the entries as a set, so that a retry that spells the same request differently still matches.
 */
export function requestFingerprint(request: CreateOrderRequest, mode: 'all' | 'each' = 'all'): string {
  const { idempotencyKey: _key, entryIds, ocr, ...rest } = request;
  // 'each' (a bulk order answered entry by entry) is another request than 'all' with the same body
  const what = {
    ...rest,
    entryIds: [...new Set(entryIds)].sort(),
    ocr: OcrOptionsSchema.parse(ocr ?? {}),
    ...(mode === 'each' ? { mode } : {}),
  };
  return createHash('sha256').update(canonicalJson(what)).digest('hex');
}

/** What a live key of this user stands for, or undefined when the key is unknown (to them) or has expired. */
export function* findLiveKey(userId: string, key: string, ttlMs: number): Step<LiveKey | undefined> {
  const row = yield* one<{ order_ids_json: unknown; request_sha256: unknown; results_json: unknown }>(
    `SELECT order_ids_json, request_sha256, results_json FROM idempotency_keys
     WHERE user_id = ? AND idempotency_key = ? AND created_ms > {now_ms} - ?`,
    [userId, key, ttlMs],
  );
  if (!row) return undefined;
  return {
    orderIds: JSON.parse(String(row.order_ids_json)) as string[],
    requestSha256: row.request_sha256 === null ? null : String(row.request_sha256),
    resultsJson: row.results_json === null || row.results_json === undefined ? null : String(row.results_json),
  };
}

/**
 * Records a key for new orders in the caller's transaction: an expired record of the same key gives
 * way, a batch of other expired keys is swept, and a concurrent request that committed the key first
 * makes the transaction run again (and then find that key).
 */
export function* rememberKey(
  userId: string,
  key: string,
  requestSha256: string,
  orderIds: readonly string[],
  ttlMs: number,
  resultsJson: string | null = null,
): Step<void> {
  yield* run('DELETE FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ? AND created_ms <= {now_ms} - ?', [userId, key, ttlMs]);
  yield* run(
    `DELETE FROM idempotency_keys WHERE (user_id, idempotency_key) IN (
       SELECT user_id, idempotency_key FROM idempotency_keys WHERE created_ms <= {now_ms} - ?
       ORDER BY created_ms LIMIT ? {skip_locked})`,
    [ttlMs, SWEEP_BATCH],
  );
  const claimed = yield* run(
    `INSERT INTO idempotency_keys (user_id, idempotency_key, request_sha256, order_ids_json, created_at, created_ms, results_json)
     VALUES (?, ?, ?, ?, ?, {now_ms}, ?) ON CONFLICT DO NOTHING`,
    [userId, key, requestSha256, JSON.stringify(orderIds), nowIso(), resultsJson],
  );
  if (claimed === 0) throw new RetryTransaction('a concurrent request committed this idempotency key first');
}
