import type { User } from '@onscreen/core';
import type { ListedItem } from '@onscreen/store';
import type { ResolvedHttpDeps } from './deps.js';
import type { ListItemView } from './playlist-schemas.js';
import { userNamesOf } from './user-names.js';

/** The frame a row's thumbnail shows, as an entry's own `thumbnailUrl` (1 s in). */
const POSTER_MS = 1000;

/** Rows of a playlist or the Watch List: owner names in one lookup, thumbnails with the caller's capability. */
export async function listItemViews(deps: ResolvedHttpDeps, user: User, items: readonly ListedItem[]): Promise<ListItemView[]> {
  const ownerName = await userNamesOf(
    deps.store,
    user,
    items.map((item) => item.entry.ownerId),
  );
  return items.map(({ entry, addedAt }) => ({
    entryId: entry.id,
    title: entry.title,
    ownerId: entry.ownerId,
    ownerName: ownerName(entry.ownerId),
    visibility: entry.visibility,
    durationMs: entry.durationMs,
    mediaType: entry.mediaType,
    ocrStatus: entry.ocrStatus,
    createdAt: entry.createdAt,
    addedAt,
    thumbnailUrl: deps.capabilities.url(`/v1/entries/${entry.id}/thumbnail?t=${POSTER_MS}`, user.id),
  }));
}
