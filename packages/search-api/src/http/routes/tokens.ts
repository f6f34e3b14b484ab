import { ErrorCode, OnscreenError, type User } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import {
  IdParamsSchema,
  IssuedTokenSchema,
  TOKEN_TTL_SECONDS,
  TokenOwnerQuerySchema,
  TokenSummarySchema,
  TokenTtlSecondsSchema,
} from '../schemas.js';

/** A token issued by a request never outlives the token that authorised it. */
export const notAfterCaller = (tokenExpiresAt: string | null): Date | null => (tokenExpiresAt === null ? null : new Date(tokenExpiresAt));

/** API tokens: issue yourself one that expires; list them; revoke one by its secret or its id. */
export function tokenRoutes(api: Api): void {
  const { store } = api.deps;

  /** Whose tokens a request means: the caller's, or (admins, `?userId=`) a user of their account; else NOT_FOUND. */
  const ownerOf = async (caller: User, userId: string | undefined): Promise<User> => {
    if (userId === undefined || userId === caller.id) return caller;
    const owner = caller.role === 'admin' ? await store.getUser(userId) : null;
    if (owner?.accountId !== caller.accountId) throw new OnscreenError(ErrorCode.NOT_FOUND, `User ${userId} was not found.`);
    return owner;
  };

  api.add({
    method: 'GET',
    url: '/v1/tokens',
    operationId: 'listTokens',
    tag: 'account',
    summary:
      'Your tokens, newest first, revoked and recently expired ones too: ids and dates, never a secret; `current` marks ' +
      "the token of this request. Admins: `userId` lists a user of their account's",
    query: TokenOwnerQuerySchema,
    response: z.object({ tokens: z.array(TokenSummarySchema) }),
    handler: async ({ user, tokenId, query }) => {
      const owner = await ownerOf(user, query.userId);
      const tokens = await store.listTokens(owner.id);
      return { tokens: tokens.map((token) => ({ ...token, current: token.id === tokenId })) };
    },
  });

  api.add({
    method: 'DELETE',
    url: '/v1/tokens/:id',
    operationId: 'revokeTokenById',
    tag: 'account',
    summary:
      'Revoke one of your tokens by its id (the token of this request too: it is refused from then on). ' +
      "Admins: `userId` revokes a user of their account's",
    params: IdParamsSchema,
    query: TokenOwnerQuerySchema,
    status: 204,
    handler: async ({ user, params, query, reply }) => {
      const owner = await ownerOf(user, query.userId);
      if (!(await store.revokeTokenById(owner.id, params.id))) {
        throw new OnscreenError(ErrorCode.NOT_FOUND, `No active token ${params.id}.`);
      }
      return reply.code(204).send();
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/tokens',
    operationId: 'createToken',
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
    operationId: 'revokeToken',
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
