import type { EntrySegmentMeta, SegmentIndex } from '@onscreen/indexer';
import type { EntryRecord, SearchChange, StoredSegments } from '@onscreen/store';
import type { SearchOutboxStore } from './search-outbox-store.js';

export interface AppliedChange {
  /** deleted: the entry is gone; replaced: its documents were rebuilt from its segments; metadata: only their metadata (no segments recorded). */
  kind: 'deleted' | 'replaced' | 'metadata';
  /** Documents the entry has now. */
  documents: number;
}

export function segmentMeta(entry: EntryRecord, segments: Pick<StoredSegments, 'orderId' | 'language'>): EntrySegmentMeta {
  return {
    entryId: entry.id,
    ownerId: entry.ownerId,
    visibility: entry.visibility,
    categoryIds: entry.categoryIds,
    entryTitle: entry.title,
    orderId: segments.orderId,
    language: segments.language,
  };
}

/**
 * Makes the index hold what the store holds for one entry now: read at the moment of applying, so the
 * visibility and owner of every document are the entry's current ones whatever wrote the row.
 */
export async function applySearchChange(
  change: SearchChange,
  deps: {
    store: Pick<SearchOutboxStore, 'getEntryProjection'>;
    index: SegmentIndex;
    onEntryGone?: ((change: SearchChange) => Promise<void>) | undefined;
  },
): Promise<AppliedChange> {
  const { entry, segments } = await deps.store.getEntryProjection(change.entryId);
  if (entry === null) {
    await deps.index.deleteEntry(change.entryId);
    await deps.onEntryGone?.(change);
    return { kind: 'deleted', documents: 0 };
  }
  if (segments === null) {
    const { updated } = await deps.index.updateEntryMeta(entry.id, {
      ownerId: entry.ownerId,
      visibility: entry.visibility,
      categoryIds: entry.categoryIds,
      entryTitle: entry.title,
    });
    return { kind: 'metadata', documents: updated };
  }
  const { indexed } = await deps.index.replaceEntrySegments(segmentMeta(entry, segments), segments.segments);
  return { kind: 'replaced', documents: indexed };
}
