import { ErrorCode, OnscreenError } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { IssuedTokenSchema, TOKEN_TTL_SECONDS, TokenTtlSecondsSchema } from '../schemas.js';

/** A token issued by a request never outlives the token that authorised it. */
export const notAfterCaller = (tokenExpiresAt: string | null): Date | null => (tokenExpiresAt === null ? null : new Date(tokenExpiresAt));

/** API tokens: issue yourself one that expires; revoke one. */
export function tokenRoutes(api: Api): void {
  const { store } = api.deps;

  api.add({
    method: 'POST',
    url: '/v1/tokens',
    tag: 'account',
    summary:
      `Issue yourself another token that expires after ttlSeconds (${TOKEN_TTL_SECONDS.min} … ${TOKEN_TTL_SECONDS.max}, ` +
      `default ${TOKEN_TTL_SECONDS.default}), and never after the token making the request; it is in this answer and never again`,
    body: z.object({ ttlSeconds: TokenTtlSecondsSchema.default(TOKEN_TTL_SECONDS.default) }).strict(),
    response: IssuedTokenSchema.extend({ expiresAt: z.string() }),
    status: 201,
    handler: async ({ user, tokenExpiresAt, body }) =>
      store.issueToken(user.id, { ttlMs: body.ttlSeconds * 1000, expiresAt: notAfterCaller(tokenExpiresAt) }),
  });

  api.add({
    method: 'POST',
    url: '/v1/tokens/revoke',
    tag: 'account',
    summary: 'Revoke a token: your own, or (admins) one of a user of your account',
    body: z.object({ token: z.string().min(1).max(200) }),
    status: 204,
    handler: async ({ user, body, reply }) => {
      const owner = await store.authenticate(body.token);
      const allowed = owner !== null && (owner.id === user.id || (user.role === 'admin' && owner.accountId === user.accountId));
      if (!allowed) throw new OnscreenError(ErrorCode.NOT_FOUND, 'No such active token.');
      await store.revokeToken(body.token);
      return reply.code(204).send();
    },
  });
}
