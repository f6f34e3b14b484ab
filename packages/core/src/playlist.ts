import { z } from 'zod';
import { IdSchema } from './entry.js';

/**
 * A user's own lists of entries: playlists (named, ordered) and the one Watch List (newest first), and
 * what the service counts about an entry for its Analytics (plays and searches that led to it, per day).
 */
export const PLAYLIST_LIMITS = {
  /** Playlists one user may keep. */
  playlistsPerUser: 200,
  /** Entries one playlist may hold. */
  entriesPerPlaylist: 1000,
  /** Entries one Watch List may hold. */
  watchListEntries: 1000,
  /** Days of per-day analytics shown. */
  analyticsDays: 30,
} as const;

export const PlaylistNameSchema = z.string().trim().min(1, 'a playlist needs a name').max(200);
export const PlaylistDescriptionSchema = z.string().max(2000);

export const PlaylistSchema = z.object({
  id: IdSchema,
  ownerId: IdSchema,
  name: PlaylistNameSchema,
  description: PlaylistDescriptionSchema,
  /** Entries the owner may see now (an entry its owner made private since it was added is left out). */
  entryCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Playlist = z.infer<typeof PlaylistSchema>;

/** Whole UTC day, `YYYY-MM-DD`. */
export const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One day of an entry's analytics. */
export const EntryDayStatsSchema = z.object({
  day: DaySchema,
  /** Plays counted by the service that day. */
  views: z.number().int().nonnegative(),
  /** Searches that led to the entry that day (at most one per user and search). */
  searchLeads: z.number().int().nonnegative(),
});
export type EntryDayStats = z.infer<typeof EntryDayStatsSchema>;
