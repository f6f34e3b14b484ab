import { loadEntry, loadManagedEntry, loadUser } from './access.js';
import { loadChannel, MANAGING_ROLES } from './channel-access.js';
import { updateEntry } from './entries.js';
import { type Row, toEntry } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { EntryRecord } from './types.js';
import { categoryPattern } from './util.js';

/**
 * An entry is in a channel when its category ids hold the channel's id; adding it is an entry update, so
 * the channel's rules run and search follows in the same transaction.
 */

/** Adds an entry the user may change to a channel they see (as owner, manager, member, admin or, if shared, any user). */
export function* addChannelEntry(actorId: string, channelId: string, entryId: string): Step<{ entry: EntryRecord; added: boolean }> {
  yield* loadChannel(actorId, channelId);
  yield* lockEntry(entryId);
  const { entry } = yield* loadManagedEntry(yield* loadUser(actorId), entryId);
  if (entry.categoryIds.includes(channelId)) return { entry, added: false };
  return { entry: yield* updateEntry(entry.id, { categoryIds: [...entry.categoryIds, channelId] }), added: true };
}

/** Takes an entry out of a channel: the entry's owner (or an admin) may, and so may the channel's managers. */
export function* removeChannelEntry(actorId: string, channelId: string, entryId: string): Step<EntryRecord> {
  const { actor, role } = yield* loadChannel(actorId, channelId);
  yield* lockEntry(entryId);
  const owned = yield* loadEntry(entryId);
  if (!owned?.entry.categoryIds.includes(channelId)) throw notFound('entry', entryId);
  if (!MANAGING_ROLES.includes(role)) yield* loadManagedEntry(actor, entryId);
  return yield* updateEntry(entryId, { categoryIds: owned.entry.categoryIds.filter((c) => c !== channelId) });
}

/**
 * Takes the entry's row lock before its categories are read (Postgres; SQLite's write transactions run
 * one at a time), so two channels gaining the same entry at once both keep it.
 */
function* lockEntry(entryId: string): Step<void> {
  yield* run('UPDATE entries SET updated_at = updated_at WHERE id = ?', [entryId]);
}

/**
 * A page of a channel's entries, newest first, and how many there are: those the user may look at
 * (published ones, their own, and for an admin every entry of the account), like the rest of the service.
 */
export function* listChannelEntries(
  actorId: string,
  channelId: string,
  page: { limit?: number; offset?: number } = {},
): Step<{ entries: EntryRecord[]; total: number }> {
  const { actor } = yield* loadChannel(actorId, channelId);
  const limit = Math.min(Math.max(1, Math.trunc(page.limit ?? 50)), 200);
  const offset = Math.max(0, Math.trunc(page.offset ?? 0));
  const where = `FROM entries e JOIN users u ON u.id = e.owner_id
    WHERE u.account_id = ? AND e.category_ids_json LIKE ? ESCAPE '\\' AND (e.visibility = 'published' OR e.owner_id = ? OR ? = 'admin')`;
  const params = [actor.accountId, categoryPattern(channelId), actor.id, actor.role];
  const rows = yield* all<Row>(`SELECT e.* ${where} ORDER BY e.seq DESC LIMIT ? OFFSET ?`, [...params, limit, offset]);
  const total = Number((yield* one<Row>(`SELECT COUNT(*) AS n ${where}`, params))?.n ?? 0);
  // SQLite's LIKE ignores case: a channel id differing only in case would match too (ids are random, but check)
  return { entries: rows.map(toEntry).filter((e) => e.categoryIds.includes(channelId)), total };
}
