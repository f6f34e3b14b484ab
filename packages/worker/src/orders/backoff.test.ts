import { ErrorCode, OnscreenError } from '@onscreen/core';
import type { OnscreenStore } from '@onscreen/store';
import { WORKER_STORE_METHODS } from './worker-store.js';
import { describe, expect, it } from 'vitest';
import type { SegmentIndex } from '@onscreen/indexer';
import { backoffScheduleMs, exponentialBackoffMs, reapOptionsOf } from './backoff.js';
import { classifyFailure, retryPolicy } from './order-failure.js';
import { type OrderWorkerOptions, resolveOrderWorkerOptions } from './worker-options.js';

const backoff = { baseMs: 5_000, maxMs: 300_000 };

/** Just enough of a store and an index for the options check (nothing is called). */
const fake = (methods: string[]) => Object.fromEntries(methods.map((m) => [m, () => {}]));
const resolve = (options: Partial<OrderWorkerOptions> = {}) =>
  resolveOrderWorkerOptions({
    store: fake([...WORKER_STORE_METHODS]) as unknown as OnscreenStore,
    index: fake(['replaceEntrySegments', 'updateEntryMeta', 'deleteEntry']) as unknown as SegmentIndex,
    ...options,
  });
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof OnscreenError ? error.code : 'not an OnscreenError';
  }
  return undefined;
};

describe('backoff', () => {
  it('doubles from the base after each attempt and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => exponentialBackoffMs(attempt, backoff))).toEqual([
      5_000, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
    expect(exponentialBackoffMs(10_000, backoff)).toBe(300_000);
    expect(exponentialBackoffMs(3, { baseMs: 0, maxMs: 300_000 })).toBe(0);
    expect(backoffScheduleMs(5, backoff)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(backoffScheduleMs(0, backoff)).toEqual([5_000]);
  });

  it("gives the reaper the worker's schedule: one wait per attempt, doubling, capped, with jitter", () => {
    expect(reapOptionsOf(resolve())).toEqual({ maxAttempts: 3, backoffMs: [5_000, 10_000, 20_000], jitterRatio: 0.5 });
    expect(reapOptionsOf(resolve({ maxAttempts: 6, backoffMs: 1_000, maxBackoffMs: 10_000, backoffJitterRatio: 0 }))).toEqual({
      maxAttempts: 6,
      backoffMs: [1_000, 2_000, 4_000, 8_000, 10_000, 10_000],
      jitterRatio: 0,
    });
    // a base longer than the default cap raises the cap instead of being cut
    expect(reapOptionsOf(resolve({ backoffMs: 600_000 })).backoffMs).toEqual([600_000, 600_000, 600_000]);
  });

  it('an outage retries on the same doubling schedule and cap', () => {
    const outage = classifyFailure(new OnscreenError(ErrorCode.STORE_FAILED, 'down'));
    const options = resolve({ maxBackoffMs: 30_000 });
    const waits = [1, 2, 3, 4, 5].map((attempt) => retryPolicy(outage, attempt, options).backoffMs);
    expect(waits).toEqual([5_000, 10_000, 20_000, 30_000, 30_000]);
  });

  it('refuses a jitter ratio outside 0 … 1 and a cap that is not whole ms', () => {
    expect(codeOf(() => resolve({ backoffJitterRatio: 1.5 }))).toBe(ErrorCode.INVALID_INPUT);
    expect(codeOf(() => resolve({ backoffJitterRatio: -0.1 }))).toBe(ErrorCode.INVALID_INPUT);
    expect(codeOf(() => resolve({ backoffJitterRatio: Number.NaN }))).toBe(ErrorCode.INVALID_INPUT);
    expect(codeOf(() => resolve({ maxBackoffMs: 1.5 }))).toBe(ErrorCode.INVALID_INPUT);
    expect(codeOf(() => resolve({ backoffJitterRatio: 1, maxBackoffMs: 0 }))).toBeUndefined();
  });
});
