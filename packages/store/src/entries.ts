import { EntrySchema, ErrorCode, MediaTypeSchema, OnscreenError } from '@onscreen/core';
import { loadEntry, loadUser } from './access.js';
import { forgetEntry } from './entry-stats.js';
import { abortPendingOrder } from './place-order.js';
import type { Row } from './rows.js';
import { applyRules } from './rules.js';
import { markSearchChange } from './search-outbox.js';
import { notFound } from './sql/errors.js';
import { all, run, type Step } from './sql/steps.js';
import type { EntryPatch, EntryRecord, NewEntry } from './types.js';
import { newId, nowIso, parseInput } from './util.js';

/** Entries; joining a category runs the owner's account rules in the same transaction. Lists: entry-listing.ts. */
type EntryState = Pick<EntryRecord, 'ocrStatus' | 'labels' | 'viewCount'>;
const NEW_ENTRY_STATE: EntryState = { ocrStatus: 'none', labels: null, viewCount: 0 };

function validate(input: NewEntry & { id: string; createdAt: string }, state: EntryState): EntryRecord {
  const entry = parseInput(EntrySchema, input, 'entry');
  const size = input.sizeBytes ?? null;
  if (size !== null && !(Number.isInteger(size) && size >= 0)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `sizeBytes must be a whole number ≥ 0 (got ${size}).`);
  }
  const mediaType = parseInput(MediaTypeSchema.nullable(), input.mediaType ?? null, 'media type');
  const { ocrStatus, labels, viewCount } = state;
  return { ...entry, filePath: input.filePath ?? null, sizeBytes: size, updatedAt: nowIso(), mediaType, ocrStatus, labels, viewCount };
}

/** Column order of `values` below, for UPDATE … SET. */
const COLUMNS = `title = ?, description = ?, tags_json = ?, category_ids_json = ?, visibility = ?,
  duration_ms = ?, file_path = ?, size_bytes = ?, updated_at = ?, media_type = ?`;
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
  e.mediaType,
];

export function* createEntry(input: NewEntry): Step<EntryRecord> {
  const entry = validate({ ...input, id: input.id ?? newId('ent'), createdAt: nowIso() }, NEW_ENTRY_STATE);
  const owner = yield* loadUser(entry.ownerId);
  const inserted = yield* run(
    `INSERT INTO entries (id, owner_id, created_at, title, description, tags_json, category_ids_json, visibility,
       duration_ms, file_path, size_bytes, updated_at, media_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
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
  const entry = validate({ ...before, ...defined, id: before.id, ownerId, createdAt: before.createdAt }, before);
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
  yield* forgetEntry(id);
  yield* markSearchChange(id, 'delete', owned.entry.filePath);
  return (yield* run('DELETE FROM entries WHERE id = ?', [id])) > 0;
}
