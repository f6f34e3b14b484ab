import { ErrorCode, OnscreenError, PLAYLIST_LIMITS, type Playlist, PlaylistDescriptionSchema, PlaylistNameSchema } from '@onscreen/core';
import type { User } from './domain.js';
import { loadUser } from './access.js';
import { type Row, toEntry } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { ListedItem, PlaylistPatch } from './types.js';
import { newId, nowIso, parseInput } from './util.js';

/**
 * Playlists: a user's own named, ordered lists of entries. Nobody else sees one (an admin neither):
 * another user's playlist answers NOT_FOUND. Only entries the owner may see can be added, and a list
 * shows only those the owner may see now (one made private by its owner since is left out, not removed).
 */

/** Entries `e` the viewer may see: published, their own, or (admins) their account's; bound with `viewerParams`. */
export const VISIBLE_TO_VIEWER = `(e.visibility = 'published' OR e.owner_id = ?
  OR e.owner_id IN (SELECT id FROM users WHERE account_id = ?))`;
/** A user's account is bound only for an admin; '' (no account has it) for anyone else. */
export const viewerParams = (user: User) => [user.id, user.role === 'admin' ? user.accountId : ''];

const COUNT_VISIBLE = `(SELECT COUNT(*) FROM playlist_entries pe JOIN entries e ON e.id = pe.entry_id
  WHERE pe.playlist_id = p.id AND ${VISIBLE_TO_VIEWER})`;

function toPlaylist(row: Row): Playlist {
  return {
    id: String(row.id),
    ownerId: String(row.owner_id),
    name: String(row.name),
    description: String(row.description),
    entryCount: Number(row.entry_count ?? 0),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

function* loadOwnPlaylist(user: User, id: string): Step<Playlist> {
  const row = yield* one<Row>(`SELECT p.*, ${COUNT_VISIBLE} AS entry_count FROM playlists p WHERE p.id = ? AND p.owner_id = ?`, [
    ...viewerParams(user),
    id,
    user.id,
  ]);
  if (!row) throw notFound('playlist', id);
  return toPlaylist(row);
}

export function* createPlaylist(userId: string, input: { name: string; description?: string }): Step<Playlist> {
  const user = yield* loadUser(userId);
  const name = parseInput(PlaylistNameSchema, input.name, 'playlist name');
  const description = parseInput(PlaylistDescriptionSchema, input.description ?? '', 'playlist description');
  const count = yield* one<Row>('SELECT COUNT(*) AS n FROM playlists WHERE owner_id = ?', [user.id]);
  if (Number(count?.n ?? 0) >= PLAYLIST_LIMITS.playlistsPerUser) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `A user may keep at most ${PLAYLIST_LIMITS.playlistsPerUser} playlists.`);
  }
  const now = nowIso();
  const id = newId('pl');
  yield* run('INSERT INTO playlists (id, owner_id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [
    id,
    user.id,
    name,
    description,
    now,
    now,
  ]);
  return { id, ownerId: user.id, name, description, entryCount: 0, createdAt: now, updatedAt: now };
}

/** The user's playlists, newest first. */
export function* listPlaylists(userId: string): Step<Playlist[]> {
  const user = yield* loadUser(userId);
  const rows = yield* all<Row>(`SELECT p.*, ${COUNT_VISIBLE} AS entry_count FROM playlists p WHERE p.owner_id = ? ORDER BY p.seq DESC`, [
    ...viewerParams(user),
    user.id,
  ]);
  return rows.map(toPlaylist);
}

/** A playlist with the entries its owner may see now, in order. */
export function* getPlaylist(userId: string, id: string): Step<{ playlist: Playlist; entries: ListedItem[] }> {
  const user = yield* loadUser(userId);
  const playlist = yield* loadOwnPlaylist(user, id);
  const rows = yield* all<Row>(
    `SELECT e.*, pe.added_at AS item_added_at FROM playlist_entries pe JOIN entries e ON e.id = pe.entry_id
      WHERE pe.playlist_id = ? AND ${VISIBLE_TO_VIEWER} ORDER BY pe.position, pe.added_at`,
    [id, ...viewerParams(user)],
  );
  return { playlist, entries: rows.map((row) => ({ entry: toEntry(row), addedAt: String(row.item_added_at) })) };
}

/** Renames, describes, or reorders (`entryIds` first, in that order; entries not named keep their order after them). */
export function* updatePlaylist(userId: string, id: string, patch: PlaylistPatch): Step<Playlist> {
  const user = yield* loadUser(userId);
  const before = yield* loadOwnPlaylist(user, id);
  const name = patch.name === undefined ? before.name : parseInput(PlaylistNameSchema, patch.name, 'playlist name');
  const description =
    patch.description === undefined ? before.description : parseInput(PlaylistDescriptionSchema, patch.description, 'playlist description');
  if (patch.entryIds !== undefined) yield* reorder(id, patch.entryIds);
  const updatedAt = nowIso();
  yield* run('UPDATE playlists SET name = ?, description = ?, updated_at = ? WHERE id = ?', [name, description, updatedAt, id]);
  return { ...before, name, description, updatedAt };
}

function* reorder(id: string, entryIds: readonly string[]): Step<void> {
  if (new Set(entryIds).size !== entryIds.length) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'entryIds names an entry twice.');
  const held = (yield* all<Row>('SELECT entry_id FROM playlist_entries WHERE playlist_id = ? ORDER BY position, added_at', [id])).map(
    (row) => String(row.entry_id),
  );
  const unknown = entryIds.filter((entryId) => !held.includes(entryId));
  if (unknown.length > 0) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `Not in this playlist: ${unknown.join(', ')}.`, { details: { entryIds: unknown } });
  }
  const order = [...entryIds, ...held.filter((entryId) => !entryIds.includes(entryId))];
  for (const [position, entryId] of order.entries()) {
    yield* run('UPDATE playlist_entries SET position = ? WHERE playlist_id = ? AND entry_id = ?', [position, id, entryId]);
  }
}

export function* deletePlaylist(userId: string, id: string): Step<boolean> {
  const owned = yield* one<Row>('SELECT id FROM playlists WHERE id = ? AND owner_id = ?', [id, userId]);
  if (!owned) return false;
  yield* run('DELETE FROM playlist_entries WHERE playlist_id = ?', [id]);
  return (yield* run('DELETE FROM playlists WHERE id = ?', [id])) > 0;
}

/**
 * Appends entries (in the order given) the owner may see; every one is checked first, and one the owner
 * may not see (or that does not exist) fails the whole call with NOT_FOUND naming it. Entries already in
 * the playlist stay where they are.
 */
export function* addPlaylistEntries(userId: string, id: string, entryIds: readonly string[]): Step<{ added: string[]; already: string[] }> {
  const user = yield* loadUser(userId);
  yield* loadOwnPlaylist(user, id);
  const wanted = [...new Set(entryIds)];
  for (const entryId of wanted) {
    const seen = yield* one<Row>(`SELECT e.id FROM entries e WHERE e.id = ? AND ${VISIBLE_TO_VIEWER}`, [entryId, ...viewerParams(user)]);
    if (!seen) throw new OnscreenError(ErrorCode.NOT_FOUND, `Entry ${entryId} was not found.`, { details: { id: entryId } });
  }
  const held = new Set(
    (yield* all<Row>('SELECT entry_id FROM playlist_entries WHERE playlist_id = ?', [id])).map((row) => String(row.entry_id)),
  );
  const fresh = wanted.filter((entryId) => !held.has(entryId));
  if (held.size + fresh.length > PLAYLIST_LIMITS.entriesPerPlaylist) {
    throw new OnscreenError(
      ErrorCode.INVALID_INPUT,
      `A playlist holds at most ${PLAYLIST_LIMITS.entriesPerPlaylist} entries (this one has ${held.size}; ${fresh.length} more asked).`,
    );
  }
  const last = yield* one<Row>('SELECT MAX(position) AS p FROM playlist_entries WHERE playlist_id = ?', [id]);
  let position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
  const now = nowIso();
  // a concurrent call may have added one meanwhile (Postgres reads committed rows): it is then held already
  const added: string[] = [];
  for (const entryId of fresh) {
    const inserted = yield* run(
      'INSERT INTO playlist_entries (playlist_id, entry_id, position, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [id, entryId, position++, now],
    );
    if (inserted > 0) added.push(entryId);
  }
  if (added.length > 0) yield* run('UPDATE playlists SET updated_at = ? WHERE id = ?', [now, id]);
  return { added, already: wanted.filter((entryId) => !added.includes(entryId)) };
}

/** False when the entry was not in the playlist; NOT_FOUND for a playlist that is not the user's. */
export function* removePlaylistEntry(userId: string, id: string, entryId: string): Step<boolean> {
  const user = yield* loadUser(userId);
  yield* loadOwnPlaylist(user, id);
  const removed = yield* run('DELETE FROM playlist_entries WHERE playlist_id = ? AND entry_id = ?', [id, entryId]);
  if (removed > 0) yield* run('UPDATE playlists SET updated_at = ? WHERE id = ?', [nowIso(), id]);
  return removed > 0;
}
