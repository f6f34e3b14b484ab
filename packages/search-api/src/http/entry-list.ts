import { ErrorCode, isOnscreenError, OnscreenError, type User } from '@onscreen/core';
import { entryLabelsOf } from '@onscreen/indexer';
import type { EntryScope, ListedEntry } from '@onscreen/store';
import type { z } from 'zod';
import type { ResolvedHttpDeps } from './deps.js';
import { listEntrySegments } from './entry-segments.js';
import type { ListEntriesQuerySchema } from './schemas.js';

/** How many entries the on-screen text search of My Media looks at (the segment index's ENTRY_MATCH_CAP). */
export const OCR_MATCH_LIMIT = 1000;

type ListQuery = z.infer<typeof ListEntriesQuerySchema>;

/** Whose entries a user may list: their own; an admin, anyone's of their account (`all`: everyone's). */
export function scopeOf(user: User, ownerId: ListQuery['ownerId']): EntryScope {
  if (ownerId === undefined || ownerId === user.id) return { ownerId: user.id };
  if (user.role !== 'admin') {
    throw new OnscreenError(ErrorCode.FORBIDDEN, "Only an admin of the account may list other users' entries.", { details: { ownerId } });
  }
  return ownerId === 'all' ? { accountId: user.accountId } : { accountId: user.accountId, ownerId };
}

/** The owners whose segments the on-screen text search looks at (null: any; the store's scope still applies). */
async function ownersOf(deps: ResolvedHttpDeps, scope: EntryScope): Promise<string[] | null> {
  if (scope.ownerId !== undefined) return [scope.ownerId];
  const users = 'accountId' in scope ? await deps.store.listUsers(scope.accountId) : [];
  return users.length >= 1000 ? null : users.map((u) => u.id);
}

/** One page of My Media: on-screen text matches from the segment index, the rest from the store. */
export async function listEntryPage(
  deps: ResolvedHttpDeps,
  user: User,
  query: ListQuery,
): Promise<{ entries: ListedEntry[]; total: number; ocrMatchesCapped: boolean }> {
  if (query.limit > deps.limits.maxEntriesPageSize) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `A page holds at most ${deps.limits.maxEntriesPageSize} entries.`, {
      details: { limit: query.limit },
    });
  }
  const scope = scopeOf(user, query.ownerId);
  const q = query.q?.trim() ?? '';
  const wantsOcr = q !== '' && (query.in === 'all' || query.in === 'ocr');
  const matches = wantsOcr
    ? await deps.index.matchingEntries(q, { ownerIds: await ownersOf(deps, scope), limit: OCR_MATCH_LIMIT })
    : { entryIds: [], capped: false };
  const { entries, total } = await deps.store.listEntries(scope, {
    q,
    searchIn: query.in,
    ocrMatchIds: matches.entryIds,
    sort: query.sort,
    order: query.order,
    visibility: query.visibility,
    mediaType: query.mediaType,
    ocrStatus: query.ocrStatus,
    categoryId: query.categoryId,
    limit: query.limit,
    offset: query.offset,
  });
  return { entries: await Promise.all(entries.map((e) => withLabels(deps, e))), total, ocrMatchesCapped: matches.capped };
}

/**
 * Labels are kept with the entry when an order is ready. An entry whose ready order is older than that
 * (or whose labels were never kept) gets them from its segments once, the first time it is shown.
 */
export async function withLabels<E extends ListedEntry | (Omit<ListedEntry, 'latestOrder'> & { latestOrder?: unknown })>(
  deps: ResolvedHttpDeps,
  entry: E,
): Promise<E> {
  if (entry.labels !== null || entry.ocrStatus === 'none') return entry;
  // while search is down, an entry indexed before the store kept its segments shows no labels rather than failing
  const segments = await listEntrySegments(deps, entry.id).catch((error: unknown) =>
    isOnscreenError(error, 'MEILI_UNAVAILABLE') ? null : Promise.reject(error),
  );
  if (segments === null) return entry;
  const labels = entryLabelsOf(segments);
  if (labels.count === 0 && entry.ocrStatus === 'ordered') return entry;
  await deps.store.setEntryLabels(entry.id, labels);
  return { ...entry, labels };
}
