import type { SegmentIndex } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import { type ReconcileReport, reconcileSearch, type SearchDispatcher } from '@onscreen/worker';
import { sweepOrphanMedia } from '../http/media-files.js';

export interface ReconcileRun extends ReconcileReport {
  /** Media files and thumbnail folders of entries that no longer exist, removed by the file sweep. */
  filesRemoved: number;
}

export interface RunReconcileOptions {
  store: OnscreenStore;
  index: SegmentIndex;
  dataDir: string;
  /** Mark drifting entries for the dispatcher (and, with `dispatcher`, wait until it applied them). */
  fix: boolean;
  /** Applies what `fix` marked: the service's own, or one the command makes. */
  dispatcher?: SearchDispatcher;
  /** How long to wait for the dispatcher after marking, in ms. Default 60 000. */
  drainMs?: number;
  /** Files younger than this are left alone (an upload in progress). Default 10 min. */
  sweepMinAgeMs?: number;
  signal?: AbortSignal;
}

/**
 * Compares the store with the search index; with `fix`, repairs the drift and then sweeps the files of
 * entries that no longer exist, that the outbox no longer holds and whose documents are gone: a process
 * that crashed between deleting an entry and removing its files is finished here.
 */
export async function runReconcile(options: RunReconcileOptions): Promise<ReconcileRun> {
  const { store, index } = options;
  const report = await reconcileSearch({ store, index, fix: options.fix, signal: options.signal });
  if (options.fix && report.marked > 0 && options.dispatcher !== undefined) await options.dispatcher.drain(options.drainMs ?? 60_000);
  if (!options.fix) return { ...report, filesRemoved: 0 };
  // files go only once the index no longer holds the entry and no outbox row is left for it
  const keep = async (id: string) =>
    (await store.getSearchChange(id)) !== null ||
    (await index.countEntrySegments(id).then(
      (n) => n > 0,
      () => true,
    ));
  const filesRemoved = await sweepOrphanMedia(options.dataDir, store, options.sweepMinAgeMs, keep);
  return { ...report, filesRemoved };
}

/** The report as lines for a terminal: one per drifting entry, then the totals. */
export function describeReconcile(run: ReconcileRun, fix: boolean): string {
  const lines = run.drift.map((d) => `drift  ${d.entryId}  ${d.kind}: ${d.detail}`);
  lines.push(
    `${run.entriesChecked} entries and ${run.documentsChecked} documents checked: ${run.drift.length} drifting` +
      (run.pending > 0 ? `, ${run.pending} with changes on their way to the index` : '') +
      (run.external > 0 ? `, ${run.external} indexed outside the store (onscreen index) left alone` : '') +
      (fix ? `, ${run.marked} repaired from the store` : run.drift.length > 0 ? ' (run with --fix to repair them from the store)' : '') +
      (fix ? `; ${run.filesRemoved} files of deleted entries removed` : ''),
  );
  return `${lines.join('\n')}\n`;
}
