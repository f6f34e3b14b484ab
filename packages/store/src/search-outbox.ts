import { ErrorCode, type ExtractedSegment, ExtractedSegmentSchema, OnscreenError } from '@onscreen/core';
import { loadEntry } from './access.js';
import { FENCE } from './claims.js';
import { type Row, toEntry } from './rows.js';
import { leaseLost, notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type {
  EntryProjection,
  SearchChange,
  SearchChangeOutcome,
  SearchChangeReason,
  SearchOutboxStats,
  SearchAccess,
  SearchProjectionSummary,
  StoredSegments,
} from './types.js';
import { nowIso, parseInput } from './util.js';

/**
 * The search outbox: one row per entry whose documents Meilisearch must rebuild, upserted in the
 * transaction of the change itself (`version` grows with each change). A dispatcher claims rows under a
 * lease, rebuilds the entry's documents from what the store holds at that moment, and marks the row
 * done only if its version did not move meanwhile.
 */
export function* markSearchChange(entryId: string, reason: SearchChangeReason, filePath: string | null = null): Step<number> {
  const row = yield* one<Row>(
    `INSERT INTO search_outbox (entry_id, reason, version, file_path, created_ms, updated_at) VALUES (?, ?, 1, ?, {now_ms}, ?)
     ON CONFLICT (entry_id) DO UPDATE SET reason = excluded.reason, version = search_outbox.version + 1,
       file_path = COALESCE(excluded.file_path, search_outbox.file_path), next_attempt_ms = 0, updated_at = excluded.updated_at
     RETURNING version`,
    [entryId, reason, filePath, nowIso()],
  );
  return Number(row?.version ?? 0);
}

function toChange(row: Row): SearchChange {
  return {
    entryId: String(row.entry_id),
    reason: String(row.reason) as SearchChangeReason,
    version: Number(row.version),
    filePath: row.file_path === null || row.file_path === undefined ? null : String(row.file_path),
    attempts: Number(row.attempts),
    lastError: row.last_error === null || row.last_error === undefined ? null : String(row.last_error),
  };
}

const FREE = '(lease_expires_ms IS NULL OR lease_expires_ms <= {now_ms})';

/** Leases up to `limit` due rows (or the row of `entryId`, due or not) to `owner` for `leaseMs`. */
export function* claimSearchChanges(owner: string, leaseMs: number, limit: number, entryId?: string): Step<SearchChange[]> {
  const where = entryId === undefined ? `next_attempt_ms <= {now_ms} AND ${FREE}` : `entry_id = ? AND ${FREE}`;
  const due = yield* all<Row>(
    `SELECT entry_id FROM search_outbox WHERE ${where} ORDER BY next_attempt_ms, created_ms LIMIT ? {skip_locked}`,
    entryId === undefined ? [limit] : [entryId, limit],
  );
  if (due.length === 0) return [];
  const ids = due.map((row) => String(row.entry_id));
  const rows = yield* all<Row>(
    `UPDATE search_outbox SET lease_owner = ?, lease_expires_ms = {now_ms} + ?
     WHERE entry_id IN (${ids.map(() => '?').join(', ')}) AND ${FREE} RETURNING *`,
    [owner, leaseMs, ...ids],
  );
  return rows.map(toChange);
}

export function* getSearchChange(entryId: string): Step<SearchChange | null> {
  const row = yield* one<Row>('SELECT * FROM search_outbox WHERE entry_id = ?', [entryId]);
  return row ? toChange(row) : null;
}

/**
 * Done when the row still has this version and lease: removed. Changed meanwhile: the lease is dropped
 * so the row is applied again. Lease lost (it expired and another dispatcher took the row): what this
 * one wrote may have landed after a newer write, so the entry is marked again.
 */
export function* completeSearchChange(entryId: string, owner: string, version: number): Step<SearchChangeOutcome> {
  if ((yield* run('DELETE FROM search_outbox WHERE entry_id = ? AND lease_owner = ? AND version = ?', [entryId, owner, version])) === 1) {
    return 'done';
  }
  const released = yield* run(
    'UPDATE search_outbox SET lease_owner = NULL, lease_expires_ms = NULL, attempts = 0, last_error = NULL WHERE entry_id = ? AND lease_owner = ?',
    [entryId, owner],
  );
  if (released === 1) return 'changed';
  yield* markSearchChange(entryId, 'lease-lost');
  return 'lost';
}

/** Applying failed: the row waits `backoffMs` (database time) before it is due again. */
export function* failSearchChange(entryId: string, owner: string, error: string, backoffMs: number): Step<boolean> {
  return (
    (yield* run(
      `UPDATE search_outbox SET lease_owner = NULL, lease_expires_ms = NULL, attempts = attempts + 1,
         next_attempt_ms = {now_ms} + ?, last_error = ? WHERE entry_id = ? AND lease_owner = ?`,
      [backoffMs, error.slice(0, 2000), entryId, owner],
    )) === 1
  );
}

const StoredSegmentListSchema = ExtractedSegmentSchema.array();

export function* getEntryProjection(entryId: string): Step<EntryProjection> {
  const owned = yield* loadEntry(entryId);
  if (!owned) return { entry: null, segments: null };
  const row = yield* one<Row>('SELECT * FROM entry_segments WHERE entry_id = ?', [entryId]);
  const segments: StoredSegments | null = row
    ? {
        orderId: row.order_id === null ? null : String(row.order_id),
        language: String(row.language),
        segments: JSON.parse(String(row.segments_json)) as ExtractedSegment[],
      }
    : null;
  return { entry: owned.entry, segments };
}

/**
 * The fenced write of an order's segments: they become the entry's segments (the truth the index is
 * rebuilt from) and the entry is marked for the dispatcher, in one transaction. Returns the mark's version.
 */
export function* commitOrderSegments(
  orderId: string,
  token: string,
  input: { segments: readonly ExtractedSegment[]; language: string },
): Step<number> {
  const segments = parseInput(StoredSegmentListSchema, input.segments, 'segments');
  const backwards = segments.findIndex((s) => s.startMs > s.endMs);
  if (backwards >= 0) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `Segment ${backwards} of order ${orderId} ends before it starts.`, {
      details: { orderId, ordinal: backwards },
    });
  }
  const order = yield* one<Row>(`SELECT entry_id FROM orders WHERE ${FENCE}`, [orderId, token]);
  if (!order) throw leaseLost(orderId);
  const entryId = String(order.entry_id);
  if (!(yield* loadEntry(entryId))) throw notFound('entry', entryId);
  yield* run(
    `INSERT INTO entry_segments (entry_id, order_id, language, segment_count, segments_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (entry_id) DO UPDATE SET order_id = excluded.order_id, language = excluded.language,
       segment_count = excluded.segment_count, segments_json = excluded.segments_json, updated_at = excluded.updated_at`,
    [entryId, orderId, input.language, segments.length, JSON.stringify(segments), nowIso()],
  );
  return yield* markSearchChange(entryId, 'segments');
}

export function* searchOutboxStats(): Step<SearchOutboxStats> {
  const row = yield* one<Row>(
    `SELECT COUNT(*) AS pending, COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS failing,
       COALESCE({now_ms} - MIN(created_ms), 0) AS oldest_ms FROM search_outbox`,
  );
  return { pending: Number(row?.pending ?? 0), failing: Number(row?.failing ?? 0), oldestAgeMs: Number(row?.oldest_ms ?? 0) };
}

/** A page of entries in id order with what their documents must carry (reconcile walks them all). */
export function* listSearchProjection(afterId: string, limit: number): Step<SearchProjectionSummary[]> {
  const rows = yield* all<Row>(
    `SELECT e.*, s.segment_count AS stored_segment_count, s.order_id AS stored_order_id FROM entries e
     LEFT JOIN entry_segments s ON s.entry_id = e.id WHERE e.id > ? ORDER BY e.id LIMIT ?`,
    [afterId, limit],
  );
  return rows.map((row) => ({
    entry: toEntry(row),
    segmentCount: row.stored_segment_count === null || row.stored_segment_count === undefined ? null : Number(row.stored_segment_count),
  }));
}

/** What search may show of these entries now (at most 1 000 ids; unknown ids are left out). */
export function* getSearchAccess(entryIds: readonly string[]): Step<Map<string, SearchAccess>> {
  const unique = [...new Set(entryIds)];
  if (unique.length > 1000)
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `getSearchAccess takes at most 1000 ids (got ${unique.length}).`);
  if (unique.length === 0) return new Map();
  const rows = yield* all<Row>(
    `SELECT id, owner_id, visibility, title FROM entries WHERE id IN (${unique.map(() => '?').join(', ')})`,
    unique,
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      { ownerId: String(row.owner_id), visibility: row.visibility === 'published' ? 'published' : 'private', title: String(row.title) },
    ]),
  );
}
