import { ErrorCode, IdSchema, OnscreenError, ReachProfileSchema, UserSchema } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { IssuedTokenSchema, TokenTtlSecondsSchema, UserListQuerySchema, UserSummarySchema } from '../schemas.js';
import { notAfterCaller } from './tokens.js';

const NewUserSchema = UserSchema.pick({ name: true, role: true })
  .partial({ role: true })
  .extend({ tokenTtlSeconds: TokenTtlSecondsSchema.optional() });
/** Either or both: `enabled` omitted keeps REACH as it is (e.g. only the credit changes). */
const ReachPatchSchema = ReachProfileSchema.partial().refine((patch) => patch.enabled !== undefined || patch.creditMinutes !== undefined, {
  message: 'send enabled, creditMinutes or both',
});

/** The account: REACH profile, users (admins). Tokens: tokens.ts; rules: rules.ts. */
export function accountRoutes(api: Api): void {
  const { store } = api.deps;

  const reachOf = async (accountId: string) => {
    const account = await store.getAccount(accountId);
    if (!account) throw new OnscreenError(ErrorCode.NOT_FOUND, 'Your account no longer exists.');
    return { accountId: account.id, ...account.reach };
  };
  const ReachViewSchema = ReachProfileSchema.extend({ accountId: IdSchema });

  api.add({
    method: 'GET',
    url: '/v1/account/reach',
    operationId: 'getReach',
    tag: 'account',
    summary: "The account's REACH profile",
    response: ReachViewSchema,
    handler: async ({ user }) => reachOf(user.accountId),
  });

  api.add({
    method: 'PATCH',
    url: '/v1/account/reach',
    operationId: 'updateReach',
    tag: 'account',
    summary: 'Turn REACH on or off and/or set the credit in minutes (null: unlimited); what is omitted is kept. Admins only',
    auth: 'admin',
    body: ReachPatchSchema,
    response: ReachViewSchema,
    handler: async ({ user, body }) => {
      const enabled = body.enabled ?? (await reachOf(user.accountId)).enabled;
      await store.setReach(user.accountId, { enabled, ...(body.creditMinutes === undefined ? {} : { creditMinutes: body.creditMinutes }) });
      return reachOf(user.accountId);
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/account/credit-history',
    operationId: 'listCreditHistory',
    tag: 'account',
    summary:
      "The account's REACH credit order by order, newest first: minutes held while an order waits or runs, charged when it is ready, refunded when it is cancelled or ends in error. Admins only",
    auth: 'admin',
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    response: z.object({
      creditMinutes: z.number().int().nullable(),
      items: z.array(
        z.object({
          orderId: IdSchema,
          entryId: IdSchema,
          requesterId: IdSchema,
          requesterName: z.string().nullable(),
          orderStatus: z.string(),
          minutes: z.number().int(),
          credit: z.enum(['held', 'charged', 'refunded']),
          heldAt: z.string(),
          settledAt: z.string().nullable(),
        }),
      ),
    }),
    handler: async ({ user, query }) => {
      const items = await store.listCreditHistory(user.accountId, query.limit);
      const names = await store.getUserNames([...new Set(items.map((i) => i.requesterId))]);
      const reach = await reachOf(user.accountId);
      return { creditMinutes: reach.creditMinutes, items: items.map((i) => ({ ...i, requesterName: names.get(i.requesterId) ?? null })) };
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/users',
    operationId: 'listUsers',
    tag: 'account',
    summary: 'The users of your account by name (ids and names only; at most 1 000; q: part of the name), for owner pickers',
    query: UserListQuerySchema,
    response: z.object({ users: z.array(UserSummarySchema) }),
    handler: async ({ user, query }) => ({
      users: (await store.listUsers(user.accountId, query.q)).map(({ id, name }) => ({ id, name })),
    }),
  });

  api.add({
    method: 'POST',
    url: '/v1/users',
    operationId: 'createUser',
    errors: ['CONFLICT'],
    tag: 'account',
    summary:
      'Create a user of your account; its token is in this answer and never again. It expires after tokenTtlSeconds ' +
      '(none: never), and never after the token making the request. Admins only',
    auth: 'admin',
    body: NewUserSchema,
    response: IssuedTokenSchema.extend({ user: UserSchema }),
    status: 201,
    handler: async ({ user, tokenExpiresAt, body }) =>
      store.createUser({
        accountId: user.accountId,
        name: body.name,
        role: body.role ?? 'user',
        ...(body.tokenTtlSeconds === undefined ? {} : { ttlMs: body.tokenTtlSeconds * 1000 }),
        expiresAt: notAfterCaller(tokenExpiresAt),
      }),
  });
}
