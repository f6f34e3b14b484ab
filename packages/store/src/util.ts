import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, OnscreenError } from '@onscreen/core';

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

export function requirePositiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `${name} must be a positive integer (got ${value}).`);
  }
  return value;
}

/** Escapes LIKE wildcards; use with `ESCAPE '\\'`. */
export function likePattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
