import type { User } from '@onscreen/core';
import type { OnscreenStore } from '@onscreen/store';

/**
 * The display names of the owners of a page of results, in at most one store query per request: the
 * caller's own name is known from the token, every other owner is looked up in one batch (never one
 * query per entry: search is latency-critical). An owner the store does not know (segments indexed
 * from the command line) has no name: null.
 */
export async function ownerNamesOf(
  store: OnscreenStore,
  caller: User,
  ownerIds: Iterable<string>,
): Promise<(ownerId: string) => string | null> {
  const others = [...new Set(ownerIds)].filter((id) => id !== caller.id);
  const names = others.length === 0 ? new Map<string, string>() : await store.getUserNames(others);
  names.set(caller.id, caller.name);
  return (ownerId) => names.get(ownerId) ?? null;
}
