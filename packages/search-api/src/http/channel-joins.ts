import { ErrorCode, OnscreenError, type User } from '@onscreen/core';
import type { EntryRecord, OnscreenStore } from '@onscreen/store';

/**
 * An entry's categories changed by PATCH: an id that names a channel joins only a channel the user sees
 * (the channels API checks the same); any other id is a gallery or a bare category, as before.
 */
export async function checkChannelJoins(store: OnscreenStore, user: User, entry: EntryRecord, categoryIds: readonly string[] | undefined) {
  if (categoryIds === undefined) return;
  const joined = categoryIds.filter((id) => !entry.categoryIds.includes(id));
  const roles = await store.channelRoles(user.id, joined);
  for (const [id, role] of roles) {
    if (role === null) throw new OnscreenError(ErrorCode.NOT_FOUND, `No channel ${id} was found.`, { details: { kind: 'channel', id } });
  }
}
