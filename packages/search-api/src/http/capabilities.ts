import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorCode, OnscreenError } from '@onscreen/core';

/**
 * Capabilities: what a `<video>` or `<img>` source carries instead of the user's bearer token, which
 * would end up in history, logs, Referer and any "open video in new tab". A capability opens one
 * resource (a path and its query, e.g. `/v1/entries/ent_x/thumbnail?t=1000`) for one user until it
 * expires, a few minutes from when it was issued. It is `<userId>.<expiry s>.<HMAC-SHA256>`: signed with
 * a key only the service knows, checked in constant time; the user's access to the entry is checked
 * again on every use, so a capability never outlives the access it was issued for.
 */
export interface Capabilities {
  /** `resource` with a `cap` parameter for `userId` (the resource may have a query; it is signed whole). */
  url(resource: string, userId: string): string;
  /** The user a capability was issued to, when it is valid for `resource` now; null otherwise. */
  verify(resource: string, cap: string): string | null;
}

export interface CapabilityOptions {
  /** The HMAC key: at least 32 bytes. Every API process that serves one page must share it. */
  key: Uint8Array;
  /** How long a capability lives, in seconds: 60 … 86 400. Default 600 (10 minutes). */
  ttlSeconds?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export const DEFAULT_CAPABILITY_TTL_SECONDS = 600;
const MAX_CAP_LENGTH = 200;

export const newCapabilityKey = (): Buffer => randomBytes(32);

export function createCapabilities(options: CapabilityOptions): Capabilities {
  const key = Buffer.from(options.key);
  if (key.length < 32) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'The capability key must be at least 32 bytes.');
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_CAPABILITY_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 86_400) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `The capability lifetime must be 60 … 86400 whole seconds, got ${ttlSeconds}.`);
  }
  const now = options.now ?? Date.now;
  const signature = (userId: string, expiresS: number, resource: string) =>
    createHmac('sha256', key).update(`onscreen-cap-v1\n${userId}\n${expiresS}\n${resource}`).digest();
  // Expiries fall on a grid of half the lifetime, so a page that asks again within that half gets the same
  // URL (a <video> keeps its source, a browser its cached image): each capability lives ttl/2 … ttl.
  const halfS = Math.floor(ttlSeconds / 2);
  return {
    url(resource, userId) {
      const expiresS = (Math.floor(now() / 1000 / halfS) + 2) * halfS;
      const cap = `${userId}.${expiresS}.${signature(userId, expiresS, resource).toString('base64url')}`;
      return `${resource}${resource.includes('?') ? '&' : '?'}cap=${cap}`;
    },
    verify(resource, cap) {
      if (cap.length > MAX_CAP_LENGTH) return null;
      const match = /^([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(cap);
      if (!match) return null;
      const [, userId = '', expires = '', mac = ''] = match;
      const expiresS = Number(expires);
      if (expiresS * 1000 <= now()) return null;
      const given = Buffer.from(mac, 'base64url');
      const expected = signature(userId, expiresS, resource);
      return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
    },
  };
}
