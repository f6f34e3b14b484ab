import type { EntryDayStats } from '@onscreen/core';
import type { Row } from './rows.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { EntryStats, PlayCount } from './types.js';

/**
 * What the service counts about an entry for its Analytics: plays, and searches that led to it, per UTC
 * day beside the entry's running `view_count`. A user's plays of an entry count once per window, and a
 * search leads to an entry once per user: repeating the call adds nothing.
 */
const today = () => new Date().toISOString().slice(0, 10);

function* addToDay(entryId: string, column: 'views' | 'search_leads'): Step<void> {
  yield* run(
    `INSERT INTO entry_daily_stats (entry_id, day, ${column}) VALUES (?, ?, 1)
      ON CONFLICT (entry_id, day) DO UPDATE SET ${column} = entry_daily_stats.${column} + 1`,
    [entryId, today()],
  );
}

/** Counts one play, unconditionally; false when there is no such entry. */
export function* countView(entryId: string): Step<boolean> {
  const changed = yield* run('UPDATE entries SET view_count = view_count + 1 WHERE id = ?', [entryId]);
  if (changed > 0) yield* addToDay(entryId, 'views');
  return changed > 0;
}

/** Counts a user's play unless one of theirs was counted less than `windowMs` ago (database time). */
export function* countPlay(entryId: string, userId: string, windowMs: number): Step<PlayCount> {
  const exists = yield* one<Row>('SELECT id FROM entries WHERE id = ?', [entryId]);
  if (!exists) return 'missing';
  yield* run('DELETE FROM entry_viewers WHERE counted_ms <= {now_ms} - ?', [windowMs]);
  const fresh = yield* run('INSERT INTO entry_viewers (entry_id, user_id, counted_ms) VALUES (?, ?, {now_ms}) ON CONFLICT DO NOTHING', [
    entryId,
    userId,
  ]);
  if (fresh === 0) return 'recent';
  yield* countView(entryId);
  return 'counted';
}

/**
 * Counts that `searchId` (a search the service answered) led `userId` to the entry, once; rows older than
 * `keepMs` are swept (a search's lead must be used sooner). False when already counted or no such entry.
 */
export function* countSearchLead(entryId: string, userId: string, searchId: string, keepMs: number): Step<boolean> {
  const exists = yield* one<Row>('SELECT id FROM entries WHERE id = ?', [entryId]);
  if (!exists) return false;
  yield* run('DELETE FROM search_leads WHERE created_ms < {now_ms} - ?', [keepMs]);
  const fresh = yield* run(
    'INSERT INTO search_leads (search_id, entry_id, user_id, created_ms) VALUES (?, ?, ?, {now_ms}) ON CONFLICT DO NOTHING',
    [searchId, entryId, userId],
  );
  if (fresh > 0) yield* addToDay(entryId, 'search_leads');
  return fresh > 0;
}

/** Totals and the days from `sinceDay` (YYYY-MM-DD) on that have counts, oldest first; null when no such entry. */
export function* getEntryStats(entryId: string, sinceDay: string): Step<EntryStats | null> {
  const entry = yield* one<Row>('SELECT view_count FROM entries WHERE id = ?', [entryId]);
  if (!entry) return null;
  const totals = yield* one<Row>('SELECT COALESCE(SUM(search_leads), 0) AS leads FROM entry_daily_stats WHERE entry_id = ?', [entryId]);
  const rows = yield* all<Row>('SELECT day, views, search_leads FROM entry_daily_stats WHERE entry_id = ? AND day >= ? ORDER BY day', [
    entryId,
    sinceDay,
  ]);
  const days: EntryDayStats[] = rows.map((row) => ({
    day: String(row.day),
    views: Number(row.views),
    searchLeads: Number(row.search_leads),
  }));
  return { viewCount: Number(entry.view_count), searchLeadCount: Number(totals?.leads ?? 0), days };
}

/** What lists and counts hold of a deleted entry goes with it. */
export function* forgetEntry(entryId: string): Step<void> {
  for (const table of ['entry_daily_stats', 'search_leads', 'entry_viewers', 'playlist_entries', 'watch_list']) {
    yield* run(`DELETE FROM ${table} WHERE entry_id = ?`, [entryId]);
  }
}
