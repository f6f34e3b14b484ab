import type { IndexedDocumentMeta, SegmentIndex } from '@onscreen/indexer';
import type { EntryRecord } from '@onscreen/store';
import type { SearchOutboxStore } from './search-outbox-store.js';

/** One entry whose documents differ from the store. */
export interface SearchDrift {
  entryId: string;
  /** count: not as many documents as stored segments; metadata: a document's visibility, owner, title or categories differ; orphan: documents of an entry the store does not have. */
  kind: 'count' | 'metadata' | 'orphan';
  detail: string;
}

export interface ReconcileReport {
  entriesChecked: number;
  documentsChecked: number;
  drift: SearchDrift[];
  /** Entries that differ but have an outbox row waiting: in flight, not drift. */
  pending: number;
  /** Entries the store does not have whose documents no order wrote (`onscreen index`): left alone. */
  external: number;
  /** Entries marked for the dispatcher (with `fix`). */
  marked: number;
}

export interface ReconcileOptions {
  store: Pick<SearchOutboxStore, 'listSearchProjection' | 'getSearchChange' | 'markSearchChanges'> & {
    getEntry(id: string): Promise<EntryRecord | null>;
  };
  index: Pick<SegmentIndex, 'listEntryDocuments' | 'countDocumentsByEntry'>;
  /** Mark every drifting entry for the outbox dispatcher, which rebuilds it from the store. */
  fix?: boolean;
  /** Entries per store page (and per index query). Default 200. */
  pageSize?: number;
  signal?: AbortSignal;
}

type Shown = IndexedDocumentMeta;

function compare(entry: EntryRecord, segmentCount: number | null, held: Shown[]): SearchDrift | null {
  if (segmentCount !== null && held.length !== segmentCount) {
    return { entryId: entry.id, kind: 'count', detail: `${held.length} documents, ${segmentCount} segments in the store` };
  }
  const categories = JSON.stringify(entry.categoryIds);
  const wrong = held.find(
    (doc) =>
      doc.visibility !== entry.visibility ||
      doc.ownerId !== entry.ownerId ||
      doc.entryTitle !== entry.title ||
      JSON.stringify(doc.categoryIds) !== categories,
  );
  if (wrong === undefined) return null;
  return {
    entryId: entry.id,
    kind: 'metadata',
    detail: `a document says ${wrong.visibility}, owner ${wrong.ownerId}, "${wrong.entryTitle}"; the entry is ${entry.visibility}, owner ${entry.ownerId}, "${entry.title}"`,
  };
}

/**
 * Compares the store (the truth) with the segment index entry by entry: documents per entry against the
 * segments the store holds (entries indexed before the store kept segments: only metadata), each
 * document's visibility, owner, title and categories, and documents of entries the store no longer has.
 * Entries with an outbox row waiting are in flight and counted apart. With `fix`, drifting entries are
 * marked for the dispatcher, which rebuilds (or removes) their documents from the store.
 */
export async function reconcileSearch(options: ReconcileOptions): Promise<ReconcileReport> {
  const { store, index } = options;
  const pageSize = options.pageSize ?? 200;
  const report: ReconcileReport = { entriesChecked: 0, documentsChecked: 0, drift: [], pending: 0, external: 0, marked: 0 };
  const known = new Set<string>();
  const candidates: SearchDrift[] = [];
  for (let after = ''; ; ) {
    options.signal?.throwIfAborted();
    const page = await store.listSearchProjection(after, pageSize);
    if (page.length === 0) break;
    after = page[page.length - 1]?.entry.id ?? after;
    const ids = page.map((p) => p.entry.id);
    for (const id of ids) known.add(id);
    const held = await index.listEntryDocuments(ids);
    const byEntry = new Map<string, Shown[]>();
    for (const doc of held) byEntry.set(doc.entryId, [...(byEntry.get(doc.entryId) ?? []), doc]);
    for (const { entry, segmentCount } of page) {
      const drift = compare(entry, segmentCount, byEntry.get(entry.id) ?? []);
      if (drift !== null) candidates.push(drift);
    }
    report.entriesChecked += page.length;
    report.documentsChecked += held.length;
  }
  // documents of entries the store does not have (deleted, or never recorded)
  for (const [entryId, count] of await index.countDocumentsByEntry()) {
    // an entry created since its page was read is no orphan
    if (known.has(entryId) || (await store.getEntry(entryId)) !== null) continue;
    // documents no order wrote, of an entry the store never had: put there by `onscreen index`, not drift
    if (count.withoutOrder === count.documents) {
      report.external += 1;
      continue;
    }
    candidates.push({ entryId, kind: 'orphan', detail: `${count.documents} documents of an entry the store does not have` });
  }
  for (const drift of candidates) {
    if ((await store.getSearchChange(drift.entryId)) !== null) report.pending += 1;
    else report.drift.push(drift);
  }
  if (options.fix && report.drift.length > 0) {
    await store.markSearchChanges(
      report.drift.map((d) => d.entryId),
      'reconcile',
    );
    report.marked = report.drift.length;
  }
  return report;
}
