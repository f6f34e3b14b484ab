import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import type { ReapOptions } from './types.js';

/** A random id that satisfies IdSchema: `prefix_` + 16 url-safe characters. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Parses input at the store boundary; failures become INVALID_INPUT with zod's issues as details. */
export function parseInput<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } } },
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new OnscreenError(ErrorCode.INVALID_INPUT, `Invalid ${what}.`, { details: { issues: result.error.issues } });
}

export function requirePositiveInt(value: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer from 1 to ${max}`;
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `${name} must be ${range} (got ${value}).`);
  }
  return value;
}

/** The reaper's options: attempts ≥ 1, waits whole ms ≥ 0 (a schedule of 1–1 000 of them), jitter 0 … 1. */
export function checkReapOptions({ maxAttempts, backoffMs, jitterRatio = 0 }: ReapOptions): void {
  requirePositiveInt(maxAttempts, 'maxAttempts');
  const waits = typeof backoffMs === 'number' ? [backoffMs] : backoffMs;
  if (!Array.isArray(waits) || waits.length === 0 || waits.length > 1000 || !waits.every((ms) => Number.isSafeInteger(ms) && ms >= 0)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'backoffMs must be whole ms ≥ 0, or a schedule of 1–1 000 of them.');
  }
  if (!(typeof jitterRatio === 'number' && jitterRatio >= 0 && jitterRatio <= 1)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `jitterRatio must be a number from 0 to 1 (got ${String(jitterRatio)}).`);
  }
}

/** Escapes LIKE wildcards; use with `ESCAPE '\\'`. */
export function likePattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A LIKE pattern (`ESCAPE '\\'`) matching an entry's category_ids_json that holds this id (case-insensitive on SQLite: check after). */
export function categoryPattern(categoryId: string): string {
  return `%${JSON.stringify(categoryId).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
