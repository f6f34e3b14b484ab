import { describeCause, ErrorCode, INPUT_ERROR_CODES, isOnscreenError } from '@onscreen/core';

/** Failures that another attempt cannot fix: the media (or the entry) itself is the problem. */
export const PERMANENT_CODES: ReadonlySet<string> = new Set<string>([...INPUT_ERROR_CODES, ErrorCode.NOT_FOUND]);

/**
 * Failures of the machinery around an order (the search engine is down, the store is busy): nothing is
 * wrong with the order, so they get more attempts and a growing backoff instead of the usual budget.
 */
export const INFRASTRUCTURE_CODES: ReadonlySet<string> = new Set<string>([ErrorCode.MEILI_UNAVAILABLE, ErrorCode.STORE_FAILED]);

/** How many times the usual attempt budget an infrastructure failure may use. */
export const INFRASTRUCTURE_ATTEMPT_FACTOR = 5;

export interface OrderFailure {
  code: string;
  /** For people reading the order's error details. */
  details: string;
  retryable: boolean;
}

/** Attempts and backoff for this failure at this attempt: doubling for infrastructure outages (capped at 5 min). */
export function retryPolicy(
  failure: OrderFailure,
  attempt: number,
  base: { maxAttempts: number; backoffMs: number },
): { maxAttempts: number; backoffMs: number } {
  if (!INFRASTRUCTURE_CODES.has(failure.code)) return base;
  return {
    maxAttempts: base.maxAttempts * INFRASTRUCTURE_ATTEMPT_FACTOR,
    backoffMs: Math.min(300_000, base.backoffMs * 2 ** Math.max(0, attempt - 1)),
  };
}

/** How a failed attempt is recorded: permanent media errors end the order, the rest are retried. */
export function classifyFailure(error: unknown): OrderFailure {
  if (isOnscreenError(error)) {
    return { code: error.code, details: error.message, retryable: !PERMANENT_CODES.has(error.code) };
  }
  return { code: ErrorCode.INTERNAL, details: `Unexpected failure: ${describeCause(error)}`, retryable: true };
}
