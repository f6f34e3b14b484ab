import { ErrorCode, OnscreenError, type User } from '@onscreen/core';
import type { EntryRecord, OnscreenStore } from '@onscreen/store';

/** Someone else's private entry is answered exactly like a missing one. */
const notFound = (id: string) => new OnscreenError(ErrorCode.NOT_FOUND, `Entry ${id} was not found.`, { details: { id } });

/** Owner, or an admin of the owner's account. */
export async function canManage(store: OnscreenStore, user: User, entry: EntryRecord): Promise<boolean> {
  if (entry.ownerId === user.id) return true;
  if (user.role !== 'admin') return false;
  return (await store.getUser(entry.ownerId))?.accountId === user.accountId;
}

/** An entry the user may change or delete. */
export async function loadManagedEntry(store: OnscreenStore, user: User, id: string): Promise<EntryRecord> {
  const entry = await store.getEntry(id);
  if (!entry || !(await canManage(store, user, entry))) throw notFound(id);
  return entry;
}

/** An entry the user may look at: one they manage, or a published one (what search shows them). */
export async function loadViewableEntry(store: OnscreenStore, user: User, id: string): Promise<EntryRecord> {
  const entry = await store.getEntry(id);
  if (!entry || !(entry.visibility === 'published' || (await canManage(store, user, entry)))) throw notFound(id);
  return entry;
}
