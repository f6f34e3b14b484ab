import { ErrorCode, IdSchema, OnscreenError, ReachProfileSchema, RuleSchema, UserSchema } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { IdParamsSchema } from '../schemas.js';

const NewRuleSchema = RuleSchema.pick({ categoryId: true, service: true, feature: true, sourceLanguage: true, turnaroundTime: true })
  .partial({ service: true, feature: true, sourceLanguage: true, turnaroundTime: true })
  .extend({ ocr: RuleSchema.shape.ocr.partial().optional() });
const NewUserSchema = UserSchema.pick({ name: true, role: true }).partial({ role: true });
const ReachPatchSchema = ReachProfileSchema.partial({ creditMinutes: true });

/** The account: REACH profile, users and tokens (admins), automated rules. */
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
    tag: 'account',
    summary: "The account's REACH profile",
    response: ReachViewSchema,
    handler: async ({ user }) => reachOf(user.accountId),
  });

  api.add({
    method: 'PATCH',
    url: '/v1/account/reach',
    tag: 'account',
    summary: 'Turn REACH on or off and set the credit in minutes (null: unlimited; omitted: kept). Admins only',
    auth: 'admin',
    body: ReachPatchSchema,
    response: ReachViewSchema,
    handler: async ({ user, body }) => {
      await store.setReach(user.accountId, body);
      return reachOf(user.accountId);
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/users',
    tag: 'account',
    summary: 'Create a user of your account; its token is in this answer and never again. Admins only',
    auth: 'admin',
    body: NewUserSchema,
    response: z.object({ user: UserSchema, token: z.string() }),
    status: 201,
    handler: async ({ user, body }) => store.createUser({ accountId: user.accountId, name: body.name, role: body.role ?? 'user' }),
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

  api.add({
    method: 'GET',
    url: '/v1/rules',
    tag: 'rules',
    summary: "The account's automated rules",
    response: z.object({ rules: z.array(RuleSchema) }),
    handler: async ({ user }) => ({ rules: await store.listRules(user.accountId) }),
  });

  api.add({
    method: 'POST',
    url: '/v1/rules',
    tag: 'rules',
    summary: 'Order OCR for every entry that joins a category. Admins only',
    auth: 'admin',
    body: NewRuleSchema,
    response: RuleSchema,
    status: 201,
    handler: async ({ user, body }) => store.addRule({ accountId: user.accountId, ...body }),
  });

  api.add({
    method: 'DELETE',
    url: '/v1/rules/:id',
    tag: 'rules',
    summary: 'Delete a rule. Admins only',
    auth: 'admin',
    params: IdParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      if (!(await store.deleteRule(params.id, user.accountId)))
        throw new OnscreenError(ErrorCode.NOT_FOUND, `Rule ${params.id} was not found.`);
      return reply.code(204).send();
    },
  });
}
