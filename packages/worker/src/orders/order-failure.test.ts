import { ErrorCode, OnscreenError } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { classifyFailure, retryPolicy } from './order-failure.js';

describe('order failures', () => {
  it('never retries bad media, retries the rest', () => {
    expect(classifyFailure(new OnscreenError(ErrorCode.CORRUPT_MEDIA, 'damaged')).retryable).toBe(false);
    expect(classifyFailure(new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, 'down')).retryable).toBe(true);
    expect(classifyFailure(new Error('boom'))).toMatchObject({ code: ErrorCode.INTERNAL, retryable: true });
  });

  it('gives an outage of the search engine or store more attempts and a doubling backoff, capped', () => {
    const base = { maxAttempts: 3, backoffMs: 5_000 };
    const outage = classifyFailure(new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, 'down'));
    expect(retryPolicy(outage, 1, base)).toEqual({ maxAttempts: 15, backoffMs: 5_000 });
    expect(retryPolicy(outage, 3, base)).toEqual({ maxAttempts: 15, backoffMs: 20_000 });
    expect(retryPolicy(outage, 12, base).backoffMs).toBe(300_000);
    const other = classifyFailure(new OnscreenError(ErrorCode.OCR_FAILED, 'x'));
    expect(retryPolicy(other, 2, base)).toEqual(base);
  });
});
