import type { ReapOptions } from '@onscreen/store';

/**
 * Backoff that doubles, shared by the retries of an outage (order-failure.ts) and the reaper
 * (order-worker.ts): `baseMs × 2^(attempt − 1)`, at most `maxMs`. Jitter is drawn by the store for each
 * requeued order (ReapOptions.jitterRatio), since the reaper requeues many orders in one statement.
 */
export interface Backoff {
  /** The wait after the first attempt, in ms. */
  baseMs: number;
  /** The longest wait, in ms. */
  maxMs: number;
}

/** The default cap of a doubling backoff: 5 minutes. */
export const DEFAULT_MAX_BACKOFF_MS = 300_000;

/** The wait after `attempt` (1-based; lower counts as 1) failed. */
export function exponentialBackoffMs(attempt: number, { baseMs, maxMs }: Backoff): number {
  const doublings = Math.min(Math.max(0, attempt - 1), 52); // 2^52 × any base passes any cap
  return Math.min(maxMs, baseMs * 2 ** doublings);
}

/** The waits after attempts 1 … `attempts`, as the store's reaper takes them (`ReapOptions.backoffMs`). */
export function backoffScheduleMs(attempts: number, backoff: Backoff): number[] {
  return Array.from({ length: Math.max(1, attempts) }, (_, i) => exponentialBackoffMs(i + 1, backoff));
}

/** What the worker's reaper asks of the store: the attempt budget, the doubling schedule and its jitter. */
export function reapOptionsOf(options: {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  backoffJitterRatio: number;
}): ReapOptions {
  return {
    maxAttempts: options.maxAttempts,
    backoffMs: backoffScheduleMs(options.maxAttempts, { baseMs: options.backoffMs, maxMs: options.maxBackoffMs }),
    jitterRatio: options.backoffJitterRatio,
  };
}
