import { SearchRequestSchema } from '@onscreen/core';
import { leadFor, newSearchId } from '../search-leads.js';
import { momentThumbnailMs } from '../thumbnails.js';
import { userNamesOf } from '../user-names.js';
import type { Api } from '../route.js';
import { SearchViewSchema } from '../schemas.js';

/** Global Search: the access filter (own + published) is built server-side from the token's user. */
export function searchRoutes(api: Api): void {
  api.add({
    method: 'GET',
    url: '/v1/search',
    operationId: 'search',
    tag: 'search',
    summary:
      "Search on-screen text: entries (with their owner's name) and their best moments (highlighted text, time span, frame thumbnail)",
    query: SearchRequestSchema,
    response: SearchViewSchema,
    handler: async ({ user, query }) => {
      const found = await api.deps.index.search(query, user.id);
      // The index follows the store within seconds; until it has, a hit is checked against the store:
      // an entry made private (or moved) since its documents were written is left out, and titles are
      // the store's.
      const access = await api.deps.store.getSearchAccess(found.entries.map((hit) => hit.entryId));
      const response = {
        ...found,
        entries: found.entries.flatMap((hit) => {
          const now = access.get(hit.entryId);
          // unknown to the store: indexed from the command line (`onscreen index`), the index's filter stands
          if (now === undefined) return [hit];
          if (now.visibility !== 'published' && now.ownerId !== user.id) return [];
          return [{ ...hit, ownerId: now.ownerId, entryTitle: now.title }];
        }),
      };
      const ownerName = await userNamesOf(
        api.deps.store,
        user,
        response.entries.map((hit) => hit.ownerId),
      );
      const searchId = newSearchId();
      return {
        ...response,
        searchId,
        entries: response.entries.map((hit) => ({
          ...hit,
          ownerName: ownerName(hit.ownerId),
          lead: leadFor(api.deps.capabilities, { entryId: hit.entryId, searchId, userId: user.id }),
          moments: hit.moments.map((m) => ({
            ...m,
            thumbnailUrl: api.deps.capabilities.url(
              `/v1/entries/${hit.entryId}/thumbnail?t=${momentThumbnailMs(m.startMs, m.endMs)}`,
              user.id,
            ),
          })),
        })),
      };
    },
  });
}
