import {
  EntryDayStatsSchema,
  EntryOcrStatusSchema,
  IdSchema,
  MediaTypeSchema,
  PLAYLIST_LIMITS,
  PlaylistDescriptionSchema,
  PlaylistNameSchema,
  PlaylistSchema,
  VisibilitySchema,
} from '@onscreen/core';
import { z } from 'zod';

/** HTTP shapes of playlists, the Watch List and an entry's Analytics (re-exported by schemas.ts for the page). */

const EntryIdsSchema = z.array(IdSchema).min(1).max(PLAYLIST_LIMITS.entriesPerPlaylist);

/** POST /v1/playlists: a new playlist, optionally with its first entries (the ones "Add to playlist" picked). */
export const NewPlaylistSchema = z
  .object({ name: PlaylistNameSchema, description: PlaylistDescriptionSchema.default(''), entryIds: EntryIdsSchema.optional() })
  .strict();

/** PATCH /v1/playlists/:id: rename, describe, or reorder (the entries named first, in that order). */
export const PlaylistPatchSchema = z
  .object({ name: PlaylistNameSchema.optional(), description: PlaylistDescriptionSchema.optional(), entryIds: EntryIdsSchema.optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'name, description or entryIds is needed');

export const PlaylistEntriesBodySchema = z.object({ entryIds: EntryIdsSchema }).strict();
export const WatchListBodySchema = z.object({ entryId: IdSchema }).strict();
export const PlaylistEntryParamsSchema = z.object({ id: IdSchema, entryId: IdSchema });
export const EntryIdParamsSchema = z.object({ entryId: IdSchema });

/** An entry as a playlist or the Watch List shows it: enough for a row, with a thumbnail the caller may load. */
export const ListItemViewSchema = z.object({
  entryId: IdSchema,
  title: z.string(),
  ownerId: IdSchema,
  ownerName: z.string().nullable(),
  visibility: VisibilitySchema,
  durationMs: z.number().int().nullable(),
  mediaType: MediaTypeSchema.nullable(),
  ocrStatus: EntryOcrStatusSchema,
  createdAt: z.string(),
  /** When it was added to this list. */
  addedAt: z.string(),
  /** A frame near the start, with a capability for the caller (`?cap=`). */
  thumbnailUrl: z.string(),
});
export type ListItemView = z.infer<typeof ListItemViewSchema>;

export const PlaylistViewSchema = PlaylistSchema;
export type PlaylistView = z.infer<typeof PlaylistViewSchema>;
export const PlaylistListViewSchema = z.object({ playlists: z.array(PlaylistViewSchema) });
export const PlaylistDetailViewSchema = z.object({ playlist: PlaylistViewSchema, entries: z.array(ListItemViewSchema) });
export type PlaylistDetailView = z.infer<typeof PlaylistDetailViewSchema>;
export const PlaylistAddViewSchema = z.object({
  playlist: PlaylistViewSchema,
  /** Entries appended now, and those the playlist held already (left where they were). */
  added: z.array(IdSchema),
  already: z.array(IdSchema),
});
export type PlaylistAddView = z.infer<typeof PlaylistAddViewSchema>;

export const WatchListViewSchema = z.object({ entries: z.array(ListItemViewSchema) });
export type WatchListView = z.infer<typeof WatchListViewSchema>;
export const WatchListAddViewSchema = z.object({ entryId: IdSchema, added: z.boolean(), addedAt: z.string() });

/** GET /v1/entries/:id/analytics: counted by the service; `days` are the last 30 UTC days, oldest first, today last. */
export const EntryAnalyticsViewSchema = z.object({
  entryId: IdSchema,
  /** Plays counted since the entry was made (a user's plays count once per 30 minutes). */
  viewCount: z.number().int(),
  /** Searches that led to the entry since counting began (one per search and user). */
  searchLeadCount: z.number().int(),
  days: z.array(EntryDayStatsSchema),
});
export type EntryAnalyticsView = z.infer<typeof EntryAnalyticsViewSchema>;

/** POST /v1/entries/:id/search-leads: the `searchId` and `lead` a search answered for this entry. */
export const SearchLeadBodySchema = z.object({ searchId: IdSchema, lead: z.string().min(1).max(200) }).strict();
