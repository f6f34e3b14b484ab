import { ErrorCode, OnscreenError } from '@onscreen/core';
import { listItemViews } from '../list-items.js';
import {
  EntryIdParamsSchema,
  NewPlaylistSchema,
  PlaylistAddViewSchema,
  PlaylistDetailViewSchema,
  PlaylistEntriesBodySchema,
  PlaylistEntryParamsSchema,
  PlaylistListViewSchema,
  PlaylistPatchSchema,
  PlaylistViewSchema,
  WatchListAddViewSchema,
  WatchListBodySchema,
  WatchListViewSchema,
} from '../playlist-schemas.js';
import type { Api } from '../route.js';
import { IdParamsSchema } from '../schemas.js';

/**
 * Playlists and the Watch List: the caller's own. Another user's playlist answers 404 like a missing one
 * (admins' too); only entries the caller may see (their own, their account's for admins, published ones)
 * can be added, and a list shows only those the caller may still see.
 */
export function playlistRoutes(api: Api): void {
  const { store } = api.deps;
  const detail = async (user: Parameters<typeof listItemViews>[1], id: string) => {
    const { playlist, entries } = await store.getPlaylist(user.id, id);
    return { playlist, entries: await listItemViews(api.deps, user, entries) };
  };

  api.add({
    method: 'GET',
    url: '/v1/playlists',
    operationId: 'listPlaylists',
    tag: 'playlists',
    summary: 'Your playlists, newest first, each with how many of its entries you may see',
    response: PlaylistListViewSchema,
    handler: async ({ user }) => ({ playlists: await store.listPlaylists(user.id) }),
  });

  api.add({
    method: 'POST',
    url: '/v1/playlists',
    operationId: 'createPlaylist',
    tag: 'playlists',
    summary: 'Create a playlist (at most 200 per user), optionally with its first entries (all must be entries you may see)',
    body: NewPlaylistSchema,
    response: PlaylistViewSchema,
    status: 201,
    handler: async ({ user, body }) => {
      const playlist = await store.createPlaylist(user.id, { name: body.name, description: body.description });
      if (body.entryIds === undefined) return playlist;
      try {
        await store.addPlaylistEntries(user.id, playlist.id, body.entryIds);
      } catch (error) {
        await store.deletePlaylist(user.id, playlist.id);
        throw error;
      }
      return (await store.getPlaylist(user.id, playlist.id)).playlist;
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/playlists/:id',
    operationId: 'getPlaylist',
    tag: 'playlists',
    summary: 'One of your playlists with its entries in order (those you may no longer see are left out)',
    params: IdParamsSchema,
    response: PlaylistDetailViewSchema,
    handler: async ({ user, params }) => detail(user, params.id),
  });

  api.add({
    method: 'PATCH',
    url: '/v1/playlists/:id',
    operationId: 'updatePlaylist',
    tag: 'playlists',
    summary: 'Rename or describe a playlist, or reorder it: entryIds come first in that order, the others keep theirs after them',
    params: IdParamsSchema,
    body: PlaylistPatchSchema,
    response: PlaylistDetailViewSchema,
    handler: async ({ user, params, body }) => {
      await store.updatePlaylist(user.id, params.id, body);
      return detail(user, params.id);
    },
  });

  api.add({
    method: 'DELETE',
    url: '/v1/playlists/:id',
    operationId: 'deletePlaylist',
    tag: 'playlists',
    summary: 'Delete one of your playlists (its entries stay where they are)',
    params: IdParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      if (!(await store.deletePlaylist(user.id, params.id))) throw playlistNotFound(params.id);
      return reply.code(204).send();
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/playlists/:id/entries',
    operationId: 'addPlaylistEntries',
    tag: 'playlists',
    summary:
      'Append entries to your playlist in the order given; all or none: one you may not see answers 404 naming it. Entries it holds already stay where they are',
    params: IdParamsSchema,
    body: PlaylistEntriesBodySchema,
    response: PlaylistAddViewSchema,
    handler: async ({ user, params, body }) => {
      const { added, already } = await store.addPlaylistEntries(user.id, params.id, body.entryIds);
      return { playlist: (await store.getPlaylist(user.id, params.id)).playlist, added, already };
    },
  });

  api.add({
    method: 'DELETE',
    url: '/v1/playlists/:id/entries/:entryId',
    operationId: 'removePlaylistEntry',
    tag: 'playlists',
    summary: 'Remove an entry from your playlist (404 when it is not in it)',
    params: PlaylistEntryParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      if (!(await store.removePlaylistEntry(user.id, params.id, params.entryId))) {
        throw new OnscreenError(ErrorCode.NOT_FOUND, `Entry ${params.entryId} is not in this playlist.`, {
          details: { id: params.entryId },
        });
      }
      return reply.code(204).send();
    },
  });

  api.add({
    method: 'GET',
    url: '/v1/watch-list',
    operationId: 'getWatchList',
    tag: 'playlists',
    summary: 'Your Watch List, newest first (entries you may no longer see are left out)',
    response: WatchListViewSchema,
    handler: async ({ user }) => ({ entries: await listItemViews(api.deps, user, await store.listWatchList(user.id)) }),
  });

  api.add({
    method: 'POST',
    url: '/v1/watch-list',
    operationId: 'addToWatchList',
    tag: 'playlists',
    summary: 'Add an entry you may see to your Watch List (at most 1 000); 201 when added, 200 when it was there already',
    body: WatchListBodySchema,
    response: WatchListAddViewSchema,
    status: 201,
    handler: async ({ user, body, reply }) => {
      const { added, addedAt } = await store.addToWatchList(user.id, body.entryId);
      reply.code(added ? 201 : 200);
      return reply.send({ entryId: body.entryId, added, addedAt });
    },
  });

  api.add({
    method: 'DELETE',
    url: '/v1/watch-list/:entryId',
    operationId: 'removeFromWatchList',
    tag: 'playlists',
    summary: 'Remove an entry from your Watch List (404 when it is not on it)',
    params: EntryIdParamsSchema,
    status: 204,
    handler: async ({ user, params, reply }) => {
      if (!(await store.removeFromWatchList(user.id, params.entryId))) {
        throw new OnscreenError(ErrorCode.NOT_FOUND, `Entry ${params.entryId} is not on your Watch List.`, {
          details: { id: params.entryId },
        });
      }
      return reply.code(204).send();
    },
  });
}

const playlistNotFound = (id: string) =>
  new OnscreenError(ErrorCode.NOT_FOUND, `No playlist ${id} was found.`, { details: { kind: 'playlist', id } });
