import { ErrorCode, OnscreenError, type User } from '@onscreen/core';
import type { EntryRecord, ListedEntry } from '@onscreen/store';
import { z } from 'zod';
import { checkChannelJoins } from '../channel-joins.js';
import { canManage, loadManagedEntry, loadViewableEntry } from '../entry-access.js';
import { followSearch } from '../follow-search.js';
import { listEntryPage, withLabels } from '../entry-list.js';
import { labelsPreview, PREVIEW_LABELS } from '../labels.js';
import { userNamesOf } from '../user-names.js';
import type { Api } from '../route.js';
import {
  EntryListViewSchema,
  EntryPatchSchema,
  type EntryView,
  EntryViewSchema,
  IdParamsSchema,
  ListEntriesQuerySchema,
} from '../schemas.js';
import { receiveUpload } from '../upload.js';

/** A user's plays of an entry count once in this window (a reload or a replay adds nothing). */
const PLAY_WINDOW_MS = 30 * 60_000;

/** The frame an entry's `thumbnailUrl` shows: 1 s in (snapped into shorter videos). */
const POSTER_MS = 1000;

/** Entries: upload, list (own, newest first), read, change, delete. */
export function entryRoutes(api: Api): void {
  const { store, capabilities } = api.deps;

  /** An entry as the API shows it; `ownerName` from one lookup for the whole page (user-names.ts). */
  async function viewOne(entry: EntryRecord, user: User): Promise<EntryView> {
    const manages = await canManage(store, user, entry);
    const orders = manages ? await store.listEntryOrders(entry.id, user.id) : [];
    const latest = orders[0];
    const latestOrder = latest ? { id: latest.id, status: latest.status, createdAt: latest.createdAt } : null;
    const shown = await withLabels(api.deps, { ...entry, latestOrder });
    return view(shown, user, await userNamesOf(store, user, [entry.ownerId]), manages);
  }

  /** `manages`: listed entries are always the caller's to manage (their own, or an admin's account). */
  function view(entry: ListedEntry, user: User, ownerName: (ownerId: string) => string | null, manages = true): EntryView {
    const { filePath: _file, ...shown } = entry;
    return {
      ...shown,
      ownerName: ownerName(entry.ownerId),
      canManage: manages,
      labelsPreview: entry.labels
        ? labelsPreview(
            entry.labels.top.map((text) => ({ text })),
            PREVIEW_LABELS,
            entry.labels.count,
          )
        : '',
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
    summary:
      'My Media: one page of your entries (admins: ownerId=all or a user of the account) with the total; sort, filters, and q searched in all fields (the on-screen text included) or one',
    query: ListEntriesQuerySchema,
    response: EntryListViewSchema,
    errors: ['FORBIDDEN'],
    handler: async ({ user, query }) => {
      const { entries, total, ocrMatchesCapped } = await listEntryPage(api.deps, user, query);
      const ownerName = await userNamesOf(
        store,
        user,
        entries.map((e) => e.ownerId),
      );
      return { entries: entries.map((e) => view(e, user, ownerName)), total, limit: query.limit, offset: query.offset, ocrMatchesCapped };
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/entries/:id/views',
    operationId: 'countEntryView',
    tag: 'entries',
    summary:
      'Count one play of an entry you may watch (the page sends it when the video starts; a user’s plays count once per 30 minutes); answers the count',
    params: IdParamsSchema,
    response: z.object({ viewCount: z.number().int() }),
    handler: async ({ user, params }) => {
      const entry = await loadViewableEntry(store, user, params.id);
      await store.countEntryPlay(entry.id, user.id, PLAY_WINDOW_MS);
      return { viewCount: (await store.getEntry(entry.id))?.viewCount ?? entry.viewCount + 1 };
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
      'Change title, description, tags, categories or visibility (admins: ownerId, to move it to another user of the account); answers once the store committed, search follows within seconds (joining a category runs its rules)',
    params: IdParamsSchema,
    body: EntryPatchSchema,
    response: EntryViewSchema,
    handler: async ({ user, params, body }) => {
      const before = await loadManagedEntry(store, user, params.id);
      await checkChannelJoins(store, user, before, body.categoryIds);
      if (body.ownerId !== undefined && body.ownerId !== user.id && user.role !== 'admin') {
        throw new OnscreenError(ErrorCode.INVALID_INPUT, 'Only an admin of the account can move an entry to another user.');
      }
      // a move goes to a user of the same account (else NOT_FOUND); search follows with the new owner
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
