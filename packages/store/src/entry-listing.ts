import { type EntrySort, ErrorCode, OnscreenError, type OrderStatus } from '@onscreen/core';
import { type Row, toEntry } from './rows.js';
import { all, one, type Step } from './sql/steps.js';
import type { EntryScope, ListedEntry, ListEntriesOptions } from './types.js';
import { likePattern } from './util.js';

/**
 * My Media's list: one page of an owner's (or, for admins, an account's) entries, sorted and filtered
 * in SQL with the indexes of migration 7, and the count of all matches. Every piece of SQL comes from
 * the tables below; what a caller sends only ever reaches a statement as a bound parameter.
 */
export const MAX_OCR_MATCH_IDS = 10_000;

/** Sort keys, each served by an index of migrations 7/9; each ends in `seq` so that pages never overlap. */
const SORT_SQL: Record<EntrySort, (dir: 'ASC' | 'DESC') => string> = {
  created: (dir) => `e.seq ${dir}`,
  updated: (dir) => `e.updated_at ${dir}, e.seq ${dir}`,
  name: (dir) => `lower(e.title) ${dir}, e.seq ${dir}`,
  // an unknown duration counts as shorter than any known one
  duration: (dir) => `COALESCE(e.duration_ms, -1) ${dir}, e.seq ${dir}`,
  views: (dir) => `e.view_count ${dir}, e.seq ${dir}`,
};

/** Metadata columns each "Search In" choice looks at (the on-screen text comes from `ocrMatchIds`). */
const SEARCHED_COLUMNS = {
  all: ['e.title', 'e.description', 'e.tags_json', 'e.category_ids_json', 'e.id'],
  title: ['e.title'],
  description: ['e.description'],
  tags: ['e.tags_json'],
  ocr: [],
} as const;

interface Where {
  sql: string[];
  params: unknown[];
}

function scopeOf(scope: string | EntryScope, where: Where): void {
  const s = typeof scope === 'string' ? { ownerId: scope } : scope;
  if ('accountId' in s) {
    where.sql.push('e.owner_id IN (SELECT id FROM users WHERE account_id = ?)');
    where.params.push(s.accountId);
  }
  if (s.ownerId !== undefined) {
    where.sql.push('e.owner_id = ?');
    where.params.push(s.ownerId);
  }
}

function searchOf(options: ListEntriesOptions, where: Where): void {
  const q = options.q?.trim() ?? '';
  if (q === '') return;
  const searchIn = options.searchIn ?? 'all';
  const ids = options.ocrMatchIds ?? [];
  if (ids.length > MAX_OCR_MATCH_IDS) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `At most ${MAX_OCR_MATCH_IDS} on-screen text matches (got ${ids.length}).`);
  }
  const ors = SEARCHED_COLUMNS[searchIn].map((column) => `lower(${column}) LIKE ? ESCAPE '\\'`);
  where.params.push(...SEARCHED_COLUMNS[searchIn].map(() => likePattern(q)));
  if ((searchIn === 'all' || searchIn === 'ocr') && ids.length > 0) {
    ors.push('e.id IN {json_strings}');
    where.params.push(JSON.stringify(ids));
  }
  where.sql.push(ors.length === 0 ? '1 = 0' : `(${ors.join(' OR ')})`);
}

function filtersOf(options: ListEntriesOptions, where: Where): void {
  const equal = [
    ['e.visibility', options.visibility],
    ['e.media_type', options.mediaType],
    ['e.ocr_status', options.ocrStatus],
  ] as const;
  for (const [column, value] of equal) {
    if (value === undefined) continue;
    where.sql.push(`${column} = ?`);
    where.params.push(value);
  }
  if (options.categoryId !== undefined) {
    // an element of the JSON array, quotes included: `"lectures"` never matches `"lectures-2"`
    where.sql.push("e.category_ids_json LIKE ? ESCAPE '\\'");
    where.params.push(`%${JSON.stringify(options.categoryId).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
}

type LatestOrder = ListedEntry['latestOrder'];

/** The newest order of each entry of a page, in one query. */
function* latestOrdersOf(entryIds: readonly string[]): Step<Map<string, NonNullable<LatestOrder>>> {
  if (entryIds.length === 0) return new Map();
  const rows = yield* all<Row>(
    `SELECT o.entry_id, o.id, o.status, o.created_at FROM orders o
     WHERE o.entry_id IN {json_strings}
       AND o.seq = (SELECT MAX(o2.seq) FROM orders o2 WHERE o2.entry_id = o.entry_id)`,
    [JSON.stringify(entryIds)],
  );
  return new Map(
    rows.map((row) => [String(row.entry_id), { id: String(row.id), status: row.status as OrderStatus, createdAt: String(row.created_at) }]),
  );
}

export function* listEntries(
  scope: string | EntryScope,
  options: ListEntriesOptions = {},
): Step<{ entries: ListedEntry[]; total: number }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), 100);
  const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
  const where: Where = { sql: [], params: [] };
  scopeOf(scope, where);
  searchOf(options, where);
  filtersOf(options, where);
  const whereSql = where.sql.length === 0 ? '1 = 1' : where.sql.join(' AND ');
  const order = (SORT_SQL[options.sort ?? 'created'] ?? SORT_SQL.created)(options.order === 'asc' ? 'ASC' : 'DESC');
  const rows = yield* all<Row>(`SELECT e.* FROM entries e WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`, [
    ...where.params,
    limit,
    offset,
  ]);
  const total = yield* one<Row>(`SELECT COUNT(*) AS n FROM entries e WHERE ${whereSql}`, where.params);
  const latest = yield* latestOrdersOf(rows.map((row) => String(row.id)));
  const entries = rows.map((row) => {
    const entry = toEntry(row);
    return { ...entry, latestOrder: latest.get(entry.id) ?? null };
  });
  return { entries, total: Number(total?.n ?? 0) };
}
