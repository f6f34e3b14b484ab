import { ErrorCode, IdSchema, OnscreenError, RuleSchema, type User } from '@onscreen/core';
import type { RuleRun } from '@onscreen/core';
import { z } from 'zod';
import type { Api } from '../route.js';
import { IdParamsSchema, RuleRunViewSchema, RuleViewSchema } from '../schemas.js';

/** A rule watches a gallery (`categoryId`: a gallery's or any category's id) or a channel (`channelId`): one of the two. */
const NewRuleSchema = RuleSchema.pick({ service: true, feature: true, sourceLanguage: true, turnaroundTime: true })
  .partial()
  .extend({ categoryId: IdSchema.optional(), channelId: IdSchema.optional(), ocr: RuleSchema.shape.ocr.partial().optional() })
  .strict()
  .refine((body) => (body.categoryId === undefined) !== (body.channelId === undefined), {
    message: 'send categoryId (a gallery) or channelId (a channel), one of the two',
  });

/**
 * Automated rules on a gallery (admins) or a channel (its owner, managers and the account's admins), and
 * each rule's history. Everyone sees the rules of the galleries and channels they see.
 */
export function ruleRoutes(api: Api): void {
  const { store } = api.deps;

  /** Names of the galleries and channels the user sees, by id. */
  async function targetNames(user: User): Promise<Map<string, string>> {
    const [galleries, channels] = await Promise.all([store.listGalleries(user.accountId), store.listChannels(user.id)]);
    return new Map([...galleries, ...channels].map((c) => [c.id, c.name]));
  }

  api.add({
    method: 'GET',
    url: '/v1/rules',
    operationId: 'listRules',
    tag: 'rules',
    summary:
      "The account's automated rules you see (those of its galleries, and of the channels you see), with what each watches by name and whether you may manage it",
    response: z.object({ rules: z.array(RuleViewSchema) }),
    handler: async ({ user }) => {
      const [rules, names] = await Promise.all([store.listRulesAs(user.id), targetNames(user)]);
      return { rules: rules.map((rule) => ({ ...rule, targetName: names.get(rule.categoryId) ?? null })) };
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/rules',
    operationId: 'createRule',
    errors: ['FORBIDDEN', 'SERVICE_NOT_SUPPORTED'],
    tag: 'rules',
    summary:
      'Order OCR for every entry that joins a gallery (categoryId; admins) or a channel (channelId; its owner, managers and the account admins)',
    body: NewRuleSchema,
    response: RuleSchema,
    status: 201,
    handler: async ({ user, body }) => {
      const { categoryId, channelId, ...settings } = body;
      const target =
        channelId === undefined
          ? { target: 'gallery' as const, categoryId: categoryId as string }
          : { target: 'channel' as const, categoryId: channelId };
      return store.addRuleAs(user.id, { ...settings, ...target });
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/rules/:id/runs',
    operationId: 'listRuleRuns',
    errors: ['FORBIDDEN'],
    tag: 'rules',
    summary:
      "A rule's history, newest first (at most 500): each entry it ordered OCR for, and each skip with its reason (reach_disabled, insufficient_credit, duplicate: an OCR order already waiting, running or ready). For those who may manage the rule",
    params: IdParamsSchema,
    response: z.object({ runs: z.array(RuleRunViewSchema) }),
    handler: async ({ user, params }) => {
      const runs = await store.listRuleHistory(user.id, params.id, 500);
      return { runs: await withTitles(user, runs) };
    },
  });

  /** Titles of the entries the user may look at (published, their own, an admin's account's); null for the rest. */
  async function withTitles(user: User, runs: RuleRun[]) {
    const access = await store.getSearchAccess([...new Set(runs.map((r) => r.entryId))]);
    const owners =
      user.role === 'admin'
        ? await ownersInAccount(
            user,
            [...access.values()].map((a) => a.ownerId),
          )
        : new Set<string>();
    return runs.map((run) => {
      const entry = access.get(run.entryId);
      const visible = entry && (entry.visibility === 'published' || entry.ownerId === user.id || owners.has(entry.ownerId));
      return { ...run, entryTitle: visible ? entry.title : null };
    });
  }

  async function ownersInAccount(user: User, ownerIds: string[]): Promise<Set<string>> {
    const owners = await Promise.all([...new Set(ownerIds)].map((id) => store.getUser(id)));
    return new Set(owners.flatMap((owner) => (owner?.accountId === user.accountId ? [owner.id] : [])));
  }

  api.add({
    method: 'DELETE',
    url: '/v1/rules/:id',
    operationId: 'deleteRule',
    errors: ['FORBIDDEN'],
    tag: 'rules',
    summary: 'Delete a rule (admins; a channel rule also its owner and managers)',
    params: IdParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      if (!(await store.deleteRuleAs(user.id, params.id))) throw new OnscreenError(ErrorCode.NOT_FOUND, `Rule ${params.id} was not found.`);
      return reply.code(204).send();
    },
  });
}
