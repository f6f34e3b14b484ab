import { isOnscreenError, type User } from '@onscreen/core';
import type { EntryRecord } from '@onscreen/store';
import { z } from 'zod';
import { canManage, loadManagedEntry, loadViewableEntry } from '../entry-access.js';
import { listEntrySegments } from '../entry-segments.js';
import { labelsPreview, rankLabels } from '../labels.js';
import { followSearch } from '../follow-search.js';
import { userNamesOf } from '../user-names.js';
import type { Api } from '../route.js';
import { EntryPatchSchema, type EntryView, EntryViewSchema, IdParamsSchema, ListEntriesQuerySchema } from '../schemas.js';
import { receiveUpload } from '../upload.js';

/** The frame an entry's `thumbnailUrl` shows: 1 s in (snapped into shorter videos). */
const POSTER_MS = 1000;

/** Entries: upload, list (own, newest first), read, change, delete. */
export function entryRoutes(api: Api): void {
  const { store, capabilities } = api.deps;

  /** An entry as the API shows it; `ownerName` from one lookup for the whole page (user-names.ts). */
  const viewOne = async (entry: EntryRecord, user: User) => view(entry, user, await userNamesOf(store, user, [entry.ownerId]));

  async function view(entry: EntryRecord, user: User, ownerName: (ownerId: string) => string | null): Promise<EntryView> {
    const [segments, orders] = await Promise.all([
      // labels come from the store's segments; only entries indexed before it kept them read the index,
      // and while that is down their view shows no labels rather than failing
      listEntrySegments(api.deps, entry.id).catch((error: unknown) =>
        isOnscreenError(error, 'MEILI_UNAVAILABLE') ? [] : Promise.reject(error),
      ),
      (await canManage(store, user, entry)) ? store.listEntryOrders(entry.id, user.id) : Promise.resolve([]),
    ]);
    const latest = orders[0];
    const { filePath: _file, ...shown } = entry;
    return {
      ...shown,
      ownerName: ownerName(entry.ownerId),
      labelsPreview: labelsPreview(rankLabels(segments)),
      latestOrder: latest ? { id: latest.id, status: latest.status, createdAt: latest.createdAt } : null,
      mediaUrl: capabilities.url(`/v1/entries/${entry.id}/media`, user.id),
      thumbnailUrl: capabilities.url(`/v1/entries/${entry.id}/thumbnail?t=${POSTER_MS}`, user.id),
    };
  }

  api.add({
    method: 'POST',
    url: '/v1/entries',
    operationId: 'uploadEntry',
    errors: [
      'NOT_MEDIA',
      'UNSUPPORTED_FORMAT',
      'AUDIO_ONLY',
      'ZERO_LENGTH',
      'CORRUPT_MEDIA',
      'MEDIA_TOO_LONG',
      'MEDIA_TOO_LARGE',
      'MEDIA_RESOURCE_LIMIT',
      'STORAGE_FULL',
    ],
    tag: 'entries',
    summary: 'Upload a video (multipart: file, title, description?, visibility?); it is probed before it is accepted',
    multipart: { file: 'binary', title: 'string', description: 'string', visibility: 'string' },
    response: EntryViewSchema,
    status: 201,
    handler: async ({ user, request }) => viewOne(await receiveUpload(api.deps, user, request), user),
  });

  api.add({
    method: 'GET',
    url: '/v1/entries',
    operationId: 'listEntries',
    tag: 'entries',
    summary: "Your entries, newest first, with the owner's name; q matches title, description, tags, categories and id",
    query: ListEntriesQuerySchema,
    response: z.object({ entries: z.array(EntryViewSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
    handler: async ({ user, query }) => {
      const { entries, total } = await store.listEntries(user.id, { q: query.q, limit: query.limit, offset: query.offset });
      const ownerName = await userNamesOf(
        store,
        user,
        entries.map((e) => e.ownerId),
      );
      return { entries: await Promise.all(entries.map((e) => view(e, user, ownerName))), total, limit: query.limit, offset: query.offset };
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/entries/:id',
    operationId: 'getEntry',
    tag: 'entries',
    summary: 'One entry (yours, or a published one)',
    params: IdParamsSchema,
    response: EntryViewSchema,
    handler: async ({ user, params }) => viewOne(await loadViewableEntry(store, user, params.id), user),
  });

  api.add({
    method: 'PATCH',
    url: '/v1/entries/:id',
    operationId: 'updateEntry',
    tag: 'entries',
    summary:
      'Change title, description, tags, categories or visibility; answers once the store committed, search follows within seconds (joining a category runs its rules)',
    params: IdParamsSchema,
    body: EntryPatchSchema,
    response: EntryViewSchema,
    handler: async ({ user, params, body }) => {
      await loadManagedEntry(store, user, params.id);
      const entry = await store.updateEntry(params.id, body);
      await followSearch(api.deps, entry.id);
      return viewOne(entry, user);
    },
  });

  api.add({
    method: 'DELETE',
    url: '/v1/entries/:id',
    operationId: 'deleteEntry',
    tag: 'entries',
    summary:
      'Delete an entry: cancels its pending orders; its text leaves search and its file is removed within seconds (also while search is down: once it is back)',
    params: IdParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      const entry = await loadManagedEntry(store, user, params.id);
      await store.deleteEntry(entry.id);
      await followSearch(api.deps, entry.id);
      return reply.code(204).send();
    },
  });
}
