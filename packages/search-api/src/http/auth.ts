import { ErrorCode, OnscreenError, type User } from '@onscreen/core';
import type { OnscreenStore } from '@onscreen/store';
import type { FastifyRequest } from 'fastify';
import type { Capabilities } from './capabilities.js';

export type AuthLevel = 'user' | 'admin';

/** Who a request acts as, once verified: by a bearer token, or by a capability for one resource. */
export interface Principal {
  user: User;
  /** The id of the token that authorised the request; null for a capability. */
  tokenId: string | null;
  /** When that token expires (ISO 8601); null: never, or a capability. */
  expiresAt: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set before the rate limiter runs (which keys on it), for routes that authenticate; null: nobody verified. */
    principal: Principal | null;
  }
}

/** `Authorization: Bearer <token>`: the only place a token is taken from (never the query string). */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** The rate limiter's key: the verified user, else the client's address (every unauthenticated request). */
export function rateLimitKey(request: FastifyRequest): string {
  return request.principal ? `user:${request.principal.user.id}` : `ip:${request.ip}`;
}

/** The account-wide limiter's key; undefined for unauthenticated requests (the per-address limit covers them). */
export function accountLimitKey(request: FastifyRequest): string | undefined {
  return request.principal ? `account:${request.principal.user.accountId}` : undefined;
}

/** The user of a bearer token that works now; null for a missing, malformed, unknown, expired or revoked one. */
export async function principalOfToken(store: OnscreenStore, request: FastifyRequest): Promise<Principal | null> {
  const token = bearerTokenOf(request);
  if (token === undefined) return null;
  const info = await store.inspectToken(token);
  return info ? { user: info.user, tokenId: info.tokenId, expiresAt: info.expiresAt } : null;
}

/** The user of a capability for `resource`; null when it is forged, expired, for another resource, or its user is gone. */
export async function principalOfCapability(
  store: OnscreenStore,
  capabilities: Capabilities,
  resource: string,
  cap: string,
): Promise<Principal | null> {
  const userId = capabilities.verify(resource, cap);
  const user = userId === null ? null : await store.getUser(userId);
  return user ? { user, tokenId: null, expiresAt: null } : null;
}

/**
 * The verified principal of a route that needs one. Missing, unknown, expired and revoked tokens are all
 * UNAUTHORIZED with one message: the answer does not tell which.
 */
export function requirePrincipal(request: FastifyRequest, level: AuthLevel): Principal {
  const principal = request.principal;
  if (principal === null) {
    const query = request.query as Record<string, unknown> | undefined;
    if (request.headers.authorization === undefined && typeof query?.cap === 'string') {
      throw new OnscreenError(ErrorCode.UNAUTHORIZED, 'The link has expired or is not valid for this resource; load the entry again.');
    }
    if (bearerTokenOf(request) === undefined) throw new OnscreenError(ErrorCode.UNAUTHORIZED, 'Send "Authorization: Bearer <token>".');
    throw new OnscreenError(ErrorCode.UNAUTHORIZED, 'The token is unknown, expired or revoked.');
  }
  if (level === 'admin' && principal.user.role !== 'admin') {
    throw new OnscreenError(ErrorCode.FORBIDDEN, 'Only an admin of the account may do this.');
  }
  return principal;
}
