import { EntrySchema, ErrorCode, OnscreenError } from '@onscreen/core';
import { loadEntry, loadUser } from './access.js';
import { abortPendingOrder } from './place-order.js';
import { type Row, toEntry } from './rows.js';
import { applyRules } from './rules.js';
import { markSearchChange } from './search-outbox.js';
import { notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { EntryPatch, EntryRecord, ListEntriesOptions, NewEntry } from './types.js';
import { likePattern, newId, nowIso, parseInput } from './util.js';

/** Entries; joining a category runs the owner's account rules in the same transaction. */
function validate(input: NewEntry & { id: string; createdAt: string }): EntryRecord {
  const entry = parseInput(EntrySchema, input, 'entry');
  const size = input.sizeBytes ?? null;
  if (size !== null && !(Number.isInteger(size) && size >= 0)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `sizeBytes must be a whole number ≥ 0 (got ${size}).`);
  }
  return { ...entry, filePath: input.filePath ?? null, sizeBytes: size, updatedAt: nowIso() };
}

/** Column order of `values` below, for UPDATE … SET. */
const COLUMNS = `title = ?, description = ?, tags_json = ?, category_ids_json = ?, visibility = ?,
  duration_ms = ?, file_path = ?, size_bytes = ?, updated_at = ?`;
const values = (e: EntryRecord) => [
  e.title,
  e.description,
  JSON.stringify(e.tags),
  JSON.stringify(e.categoryIds),
  e.visibility,
  e.durationMs,
  e.filePath,
  e.sizeBytes,
  e.updatedAt,
];

export function* createEntry(input: NewEntry): Step<EntryRecord> {
  const entry = validate({ ...input, id: input.id ?? newId('ent'), createdAt: nowIso() });
  const owner = yield* loadUser(entry.ownerId);
  const inserted = yield* run(
    `INSERT INTO entries (id, owner_id, created_at, title, description, tags_json, category_ids_json, visibility,
       duration_ms, file_path, size_bytes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [entry.id, entry.ownerId, entry.createdAt, ...values(entry)],
  );
  if (inserted === 0) throw new OnscreenError(ErrorCode.CONFLICT, `Entry ${entry.id} already exists.`, { details: { id: entry.id } });
  yield* applyRules(entry, owner.accountId, entry.categoryIds);
  return entry;
}

export function* updateEntry(id: string, patch: EntryPatch): Step<EntryRecord> {
  const owned = yield* loadEntry(id);
  if (!owned) throw notFound('entry', id);
  const before = owned.entry;
  const { ownerId: newOwnerId, ...rest } = patch;
  const ownerId = newOwnerId === undefined ? before.ownerId : yield* checkNewOwner(newOwnerId, owned.ownerAccountId);
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const entry = validate({ ...before, ...defined, id: before.id, ownerId, createdAt: before.createdAt });
  yield* run(`UPDATE entries SET owner_id = ?, ${COLUMNS} WHERE id = ?`, [entry.ownerId, ...values(entry), id]);
  // what the entry's documents carry: search follows through the outbox, in this transaction
  if (shownInSearch(before) !== shownInSearch(entry)) yield* markSearchChange(id, 'entry');
  const joined = entry.categoryIds.filter((c) => !before.categoryIds.includes(c));
  yield* applyRules(entry, owned.ownerAccountId, joined);
  return entry;
}

const shownInSearch = (e: EntryRecord) => JSON.stringify([e.ownerId, e.visibility, e.title, e.categoryIds]);

/** An entry moves only to another user of its owner's account. */
function* checkNewOwner(userId: string, accountId: string): Step<string> {
  const user = yield* loadUser(userId);
  if (user.accountId !== accountId) throw notFound('user', userId);
  return user.id;
}

export function* getEntry(id: string): Step<EntryRecord | null> {
  return (yield* loadEntry(id))?.entry ?? null;
}

export function* listEntries(ownerId: string, options: ListEntriesOptions = {}): Step<{ entries: EntryRecord[]; total: number }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), 100);
  const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
  // every field a person sees: title, description, tags, categories, id
  const searched = ['title', 'description', 'tags_json', 'category_ids_json', 'id'];
  const where = options.q ? `owner_id = ? AND (${searched.map((c) => `lower(${c}) LIKE ? ESCAPE '\\'`).join(' OR ')})` : 'owner_id = ?';
  const params = options.q ? [ownerId, ...searched.map(() => likePattern(options.q as string))] : [ownerId];
  const rows = yield* all<Row>(`SELECT * FROM entries WHERE ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`, [...params, limit, offset]);
  const total = yield* one<Row>(`SELECT COUNT(*) AS n FROM entries WHERE ${where}`, params);
  return { entries: rows.map(toEntry), total: Number(total?.n ?? 0) };
}

/**
 * Cancels the entry's pending orders (with their cascade and refund), then deletes it and its segments;
 * the outbox row keeps the media file's path until the index no longer holds the entry.
 */
export function* deleteEntry(id: string): Step<boolean> {
  const owned = yield* loadEntry(id);
  if (!owned) return false;
  const pending = yield* all<Row>("SELECT id FROM orders WHERE entry_id = ? AND status = 'pending'", [id]);
  for (const order of pending) yield* abortPendingOrder(String(order.id));
  yield* run('DELETE FROM entry_segments WHERE entry_id = ?', [id]);
  yield* markSearchChange(id, 'delete', owned.entry.filePath);
  return (yield* run('DELETE FROM entries WHERE id = ?', [id])) > 0;
}
