import { createHash } from 'node:crypto';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import type { OnscreenStore, TokenInfo } from '@onscreen/store';
import type { FastifyRequest } from 'fastify';

export type AuthLevel = 'user' | 'admin';

/** `Authorization: Bearer <token>`; `?access_token=` is accepted where a browser cannot set headers (img, video). */
export function tokenOf(request: FastifyRequest, allowQueryToken: boolean): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  if (!allowQueryToken) return undefined;
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.access_token === 'string' ? query.access_token : undefined;
}

/** The rate limiter's key: a hash of the token (tokens are not kept in memory), else the address. */
export function rateLimitKey(request: FastifyRequest): string {
  const token = tokenOf(request, true);
  return token === undefined ? `ip:${request.ip}` : `tok:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
}

/**
 * The user a request acts as, and when its token expires. Missing, unknown, expired and revoked tokens
 * are all UNAUTHORIZED with one message: the answer does not tell which.
 */
export async function authenticateRequest(
  store: OnscreenStore,
  request: FastifyRequest,
  level: AuthLevel,
  allowQueryToken: boolean,
): Promise<TokenInfo> {
  const token = tokenOf(request, allowQueryToken);
  if (token === undefined) throw new OnscreenError(ErrorCode.UNAUTHORIZED, 'Send "Authorization: Bearer <token>".');
  const info = await store.inspectToken(token);
  if (!info) throw new OnscreenError(ErrorCode.UNAUTHORIZED, 'The token is unknown, expired or revoked.');
  if (level === 'admin' && info.user.role !== 'admin') {
    throw new OnscreenError(ErrorCode.FORBIDDEN, 'Only an admin of the account may do this.');
  }
  return info;
}
