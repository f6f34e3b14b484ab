import { PLAYLIST_LIMITS } from '@onscreen/core';
import { z } from 'zod';
import { loadManagedEntry, loadViewableEntry } from '../entry-access.js';
import { EntryAnalyticsViewSchema, SearchLeadBodySchema } from '../playlist-schemas.js';
import type { Api } from '../route.js';
import { IdParamsSchema } from '../schemas.js';
import { checkLead, SEARCH_LEAD_KEEP_MS } from '../search-leads.js';

const DAY_MS = 86_400_000;

/** The last `count` UTC days, oldest first, today last (YYYY-MM-DD). */
export function lastDays(count: number, nowMs = Date.now()): string[] {
  return Array.from({ length: count }, (_, i) => new Date(nowMs - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** An entry's Analytics (its owner and admins of the owner's account), and the searches that led to it. */
export function analyticsRoutes(api: Api): void {
  const { store, capabilities } = api.deps;

  api.add({
    method: 'GET',
    url: '/v1/entries/:id/analytics',
    operationId: 'getEntryAnalytics',
    tag: 'entries',
    summary:
      'Analytics of an entry you manage (owner, or admin of its account; others 404): plays and searches that led to it, in all and for each of the last 30 UTC days',
    params: IdParamsSchema,
    response: EntryAnalyticsViewSchema,
    handler: async ({ user, params }) => {
      const entry = await loadManagedEntry(store, user, params.id);
      const days = lastDays(PLAYLIST_LIMITS.analyticsDays);
      const stats = await store.getEntryStats(entry.id, days[0] ?? '');
      const counted = new Map((stats?.days ?? []).map((d) => [d.day, d]));
      return {
        entryId: entry.id,
        viewCount: stats?.viewCount ?? 0,
        searchLeadCount: stats?.searchLeadCount ?? 0,
        days: days.map((day) => ({ day, views: counted.get(day)?.views ?? 0, searchLeads: counted.get(day)?.searchLeads ?? 0 })),
      };
    },
  });

  api.add({
    method: 'POST',
    url: '/v1/entries/:id/search-leads',
    operationId: 'countSearchLead',
    tag: 'search',
    summary:
      "Count that a search led you to this entry: send the search's searchId and the hit's lead (the page does when a result is opened); one count per search, entry and user",
    params: IdParamsSchema,
    body: SearchLeadBodySchema,
    response: z.object({ counted: z.boolean() }),
    handler: async ({ user, params, body }) => {
      const entry = await loadViewableEntry(store, user, params.id);
      checkLead(capabilities, { entryId: entry.id, searchId: body.searchId, userId: user.id, lead: body.lead });
      const counted = await store.countSearchLead({
        entryId: entry.id,
        userId: user.id,
        searchId: body.searchId,
        keepMs: SEARCH_LEAD_KEEP_MS,
      });
      return { counted };
    },
  });
}
