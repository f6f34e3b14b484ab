import { ErrorCode, OnscreenError, PLAYLIST_LIMITS } from '@onscreen/core';
import { loadUser } from './access.js';
import { VISIBLE_TO_VIEWER, viewerParams } from './playlists.js';
import { type Row, toEntry } from './rows.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { ListedItem } from './types.js';
import { nowIso } from './util.js';

/** The Watch List: one per user, newest first; only entries the user may see are added and shown. */
export function* addToWatchList(userId: string, entryId: string): Step<{ added: boolean; addedAt: string }> {
  const user = yield* loadUser(userId);
  const seen = yield* one<Row>(`SELECT e.id FROM entries e WHERE e.id = ? AND ${VISIBLE_TO_VIEWER}`, [entryId, ...viewerParams(user)]);
  if (!seen) throw new OnscreenError(ErrorCode.NOT_FOUND, `Entry ${entryId} was not found.`, { details: { id: entryId } });
  const held = yield* one<Row>('SELECT added_at FROM watch_list WHERE user_id = ? AND entry_id = ?', [user.id, entryId]);
  if (held) return { added: false, addedAt: String(held.added_at) };
  const count = yield* one<Row>('SELECT COUNT(*) AS n FROM watch_list WHERE user_id = ?', [user.id]);
  if (Number(count?.n ?? 0) >= PLAYLIST_LIMITS.watchListEntries) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `The Watch List holds at most ${PLAYLIST_LIMITS.watchListEntries} entries.`);
  }
  const addedAt = nowIso();
  const inserted = yield* run('INSERT INTO watch_list (user_id, entry_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
    user.id,
    entryId,
    addedAt,
  ]);
  if (inserted > 0) return { added: true, addedAt };
  // added by a concurrent call meanwhile
  const now = yield* one<Row>('SELECT added_at FROM watch_list WHERE user_id = ? AND entry_id = ?', [user.id, entryId]);
  return { added: false, addedAt: String(now?.added_at ?? addedAt) };
}

export function* removeFromWatchList(userId: string, entryId: string): Step<boolean> {
  return (yield* run('DELETE FROM watch_list WHERE user_id = ? AND entry_id = ?', [userId, entryId])) > 0;
}

/** Newest first; an entry the user may no longer see is left out. */
export function* listWatchList(userId: string): Step<ListedItem[]> {
  const user = yield* loadUser(userId);
  const rows = yield* all<Row>(
    `SELECT e.*, w.added_at AS item_added_at FROM watch_list w JOIN entries e ON e.id = w.entry_id
      WHERE w.user_id = ? AND ${VISIBLE_TO_VIEWER} ORDER BY w.seq DESC`,
    [user.id, ...viewerParams(user)],
  );
  return rows.map((row) => ({ entry: toEntry(row), addedAt: String(row.item_added_at) }));
}
