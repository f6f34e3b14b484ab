import type { User } from '@onscreen/core';
import type { OnscreenStore } from '@onscreen/store';

/**
 * The display names of the users a page of results points to (entry owners, order requesters), in at
 * most one store query per request: the caller's own name is known from the token, every other user is
 * looked up in one batch (never one query per item: search is latency-critical). A user the store does
 * not know (an owner of segments indexed from the command line) has no name: null.
 */
export async function userNamesOf(
  store: OnscreenStore,
  caller: User,
  userIds: Iterable<string>,
): Promise<(userId: string) => string | null> {
  const others = [...new Set(userIds)].filter((id) => id !== caller.id);
  const names = others.length === 0 ? new Map<string, string>() : await store.getUserNames(others);
  names.set(caller.id, caller.name);
  return (userId) => names.get(userId) ?? null;
}
