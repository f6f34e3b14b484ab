import { AccountSchema, ErrorCode, OnscreenError, UserSchema } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';

const MeSchema = z.object({
  user: UserSchema.pick({ id: true, name: true, role: true, accountId: true }),
  account: AccountSchema.pick({ id: true, name: true }).extend({ reachEnabled: z.boolean() }),
  /** When the token of this request stops working (ISO 8601); null: never (until revoked). */
  tokenExpiresAt: z.string().nullable(),
});

/** Who the caller is: what a page shows as "signed in as", and when it must sign in again. */
export function meRoutes(api: Api): void {
  api.add({
    method: 'GET',
    url: '/v1/me',
    operationId: 'getMe',
    tag: 'account',
    summary: "Who you are: your user, your account's name and whether REACH is on, and when the token you sent expires",
    response: MeSchema,
    handler: async ({ user, tokenExpiresAt }) => {
      const account = await api.deps.store.getAccount(user.accountId);
      if (!account) throw new OnscreenError(ErrorCode.NOT_FOUND, 'Your account no longer exists.');
      return {
        user: { id: user.id, name: user.name, role: user.role, accountId: user.accountId },
        account: { id: account.id, name: account.name, reachEnabled: account.reach.enabled },
        tokenExpiresAt,
      };
    },
  });
}
