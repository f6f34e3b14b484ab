import { ChannelMemberRoleSchema, ChannelMemberSchema, ChannelSchema, IdSchema, type User } from '@onscreen/core';
import type { EntryRecord } from '@onscreen/store';
import { z } from 'zod';
import { followSearch } from '../follow-search.js';
import type { Api } from '../route.js';
import { ChannelEntryViewSchema, IdParamsSchema } from '../schemas.js';
import { userNamesOf } from '../user-names.js';

const C = ChannelSchema.shape;
const NewChannelSchema = z.object({ name: C.name, description: C.description.optional(), privacy: C.privacy.optional() }).strict();
const ChannelPatchSchema = NewChannelSchema.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send name, description or privacy' });
const MembersViewSchema = z.object({ members: z.array(ChannelMemberSchema) });
const MemberParamsSchema = z.object({ id: IdSchema, userId: IdSchema });
const EntryParamsSchema = z.object({ id: IdSchema, entryId: IdSchema });
const POSTER_MS = 1000;

/**
 * Channels: any user creates one (private to its members, or shared with the account); its owner,
 * managers and the account's admins manage it; members see it and add their entries. A private channel
 * answers 404 to everyone else, exactly like a missing one.
 */
export function channelRoutes(api: Api): void {
  const { store, capabilities } = api.deps;

  api.add({
    method: 'GET',
    url: '/v1/channels',
    operationId: 'listChannels',
    tag: 'channels',
    summary: 'The channels you see (shared ones of your account, private ones you belong to; admins: all), by name, with your role',
    response: z.object({ channels: z.array(ChannelSchema) }),
    handler: async ({ user }) => ({ channels: await store.listChannels(user.id) }),
  });

  api.add({
    method: 'POST',
    url: '/v1/channels',
    operationId: 'createChannel',
    tag: 'channels',
    summary: 'Create a channel you own (privacy: private, the default, or shared with every user of the account)',
    body: NewChannelSchema,
    response: ChannelSchema,
    status: 201,
    handler: async ({ user, body }) => store.createChannel(user.id, body),
  });

  api.add({
    method: 'GET',
    url: '/v1/channels/:id',
    operationId: 'getChannel',
    tag: 'channels',
    summary: 'One channel you see',
    params: IdParamsSchema,
    response: ChannelSchema,
    handler: async ({ user, params }) => store.getChannel(user.id, params.id),
  });

  api.add({
    method: 'PATCH',
    url: '/v1/channels/:id',
    operationId: 'updateChannel',
    errors: ['FORBIDDEN'],
    tag: 'channels',
    summary: "Rename a channel, change its description or privacy (its owner, managers and the account's admins)",
    params: IdParamsSchema,
    body: ChannelPatchSchema,
    response: ChannelSchema,
    handler: async ({ user, params, body }) => store.updateChannel(user.id, params.id, body),
  });

  api.add({
    method: 'DELETE',
    url: '/v1/channels/:id',
    operationId: 'deleteChannel',
    errors: ['FORBIDDEN'],
    tag: 'channels',
    summary: "Delete a channel and its rules (its owner and the account's admins); its entries leave it",
    params: IdParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      await store.deleteChannel(user.id, params.id);
      return reply.code(204).send();
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/channels/:id/members',
    operationId: 'listChannelMembers',
    tag: 'channels',
    summary: "A channel's members and managers (the owner is one of its managers)",
    params: IdParamsSchema,
    response: MembersViewSchema,
    handler: async ({ user, params }) => ({ members: await store.listChannelMembers(user.id, params.id) }),
  });

  api.add({
    method: 'POST',
    url: '/v1/channels/:id/members',
    operationId: 'setChannelMember',
    errors: ['FORBIDDEN'],
    tag: 'channels',
    summary:
      "Add a user of your account to a channel as member or manager, or change their role (its owner, managers and the account's admins)",
    params: IdParamsSchema,
    body: z.object({ userId: IdSchema, role: ChannelMemberRoleSchema.default('member') }).strict(),
    response: MembersViewSchema,
    handler: async ({ user, params, body }) => ({ members: await store.setChannelMember(user.id, params.id, body.userId, body.role) }),
  });

  api.add({
    method: 'DELETE',
    url: '/v1/channels/:id/members/:userId',
    operationId: 'removeChannelMember',
    errors: ['FORBIDDEN'],
    tag: 'channels',
    summary: 'Remove a member (managers; anyone may leave); the owner stays',
    params: MemberParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      await store.removeChannelMember(user.id, params.id, params.userId);
      return reply.code(204).send();
    },
  });

  /** A channel's entry as its page lists it. */
  function entryView(entry: EntryRecord, user: User, ownerName: (id: string) => string | null, manages: boolean) {
    return {
      id: entry.id,
      title: entry.title,
      ownerId: entry.ownerId,
      ownerName: ownerName(entry.ownerId),
      visibility: entry.visibility,
      durationMs: entry.durationMs,
      ocrStatus: entry.ocrStatus,
      canRemove: manages || entry.ownerId === user.id || user.role === 'admin',
      thumbnailUrl: capabilities.url(`/v1/entries/${entry.id}/thumbnail?t=${POSTER_MS}`, user.id),
    };
  }

  api.add({
    method: 'GET',
    url: '/v1/channels/:id/entries',
    operationId: 'listChannelEntries',
    tag: 'channels',
    summary: "A channel's entries, newest first, with the total: those you may look at (published ones, your own; admins: the account's)",
    params: IdParamsSchema,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(100_000).default(0),
    }),
    response: z.object({ entries: z.array(ChannelEntryViewSchema), total: z.number().int() }),
    handler: async ({ user, params, query }) => {
      const channel = await store.getChannel(user.id, params.id);
      const { entries, total } = await store.listChannelEntries(user.id, params.id, query);
      const ownerName = await userNamesOf(
        store,
        user,
        entries.map((e) => e.ownerId),
      );
      const manages = ['owner', 'manager', 'admin'].includes(channel.myRole);
      return { entries: entries.map((e) => entryView(e, user, ownerName, manages)), total };
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/channels/:id/entries',
    operationId: 'addChannelEntry',
    tag: 'channels',
    summary:
      "Add an entry you may change to a channel you see; the channel's rules run for it (added: false when it was already in: nothing runs again)",
    params: IdParamsSchema,
    body: z.object({ entryId: IdSchema }).strict(),
    response: z.object({ added: z.boolean(), entryId: IdSchema, categoryIds: z.array(IdSchema) }),
    handler: async ({ user, params, body }) => {
      const { entry, added } = await store.addChannelEntry(user.id, params.id, body.entryId);
      if (added) await followSearch(api.deps, entry.id);
      return { added, entryId: entry.id, categoryIds: entry.categoryIds };
    },
  });

  api.add({
    method: 'DELETE',
    url: '/v1/channels/:id/entries/:entryId',
    operationId: 'removeChannelEntry',
    tag: 'channels',
    summary: "Take an entry out of a channel (the entry's owner or an admin, or the channel's managers)",
    params: EntryParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      const entry = await store.removeChannelEntry(user.id, params.id, params.entryId);
      await followSearch(api.deps, entry.id);
      return reply.code(204).send();
    },
  });
}
