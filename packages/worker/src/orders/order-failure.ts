import { describeCause, ErrorCode, INPUT_ERROR_CODES, isOnscreenError } from '@onscreen/core';
import { DEFAULT_MAX_BACKOFF_MS, exponentialBackoffMs } from './backoff.js';

/** Failures that another attempt cannot fix: the media (or the entry) itself is the problem. */
export const PERMANENT_CODES: ReadonlySet<string> = new Set<string>([
  ...INPUT_ERROR_CODES,
  ErrorCode.NOT_FOUND,
  // the video holds more than its header declared and the credit does not cover the rest
  ErrorCode.INSUFFICIENT_CREDIT,
]);

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

/**
 * Attempts and backoff for this failure at this attempt: for infrastructure outages more attempts and
 * the doubling backoff the reaper uses too, capped at `maxBackoffMs` (default 5 min).
 */
export function retryPolicy(
  failure: OrderFailure,
  attempt: number,
  base: { maxAttempts: number; backoffMs: number; maxBackoffMs?: number },
): { maxAttempts: number; backoffMs: number } {
  const { maxAttempts, backoffMs } = base;
  if (!INFRASTRUCTURE_CODES.has(failure.code)) return { maxAttempts, backoffMs };
  return {
    maxAttempts: maxAttempts * INFRASTRUCTURE_ATTEMPT_FACTOR,
    backoffMs: exponentialBackoffMs(attempt, { baseMs: backoffMs, maxMs: base.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS }),
  };
}

/** How a failed attempt is recorded: permanent media errors end the order, the rest are retried. */
export function classifyFailure(error: unknown): OrderFailure {
  if (isOnscreenError(error)) {
    return { code: error.code, details: error.message, retryable: !PERMANENT_CODES.has(error.code) };
  }
  return { code: ErrorCode.INTERNAL, details: `Unexpected failure: ${describeCause(error)}`, retryable: true };
}
