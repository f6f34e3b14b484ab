import type { EntryLabels } from '@onscreen/core';
import { run, type Step } from './sql/steps.js';

/**
 * What an entry keeps about its OCR so that a list of thousands needs no look at orders or segments
 * per row: `ocr_status` (from its newest order that was not cancelled) and its labels.
 */
const OCR_STATUS_OF_ENTRY = `COALESCE((SELECT CASE o.status WHEN 'pending' THEN 'ordered' WHEN 'processing' THEN 'ordered'
  ELSE o.status END FROM orders o WHERE o.entry_id = entries.id AND o.status <> 'aborted' ORDER BY o.seq DESC LIMIT 1), 'none')`;

/** Recomputes an entry's OCR status in the caller's transaction, after one of its orders changed status. */
export function* refreshOcrStatus(entryId: string): Step<void> {
  yield* run(`UPDATE entries SET ocr_status = ${OCR_STATUS_OF_ENTRY} WHERE id = ?`, [entryId]);
}

/** Keeps an entry's labels (a ready order's, or filled in later from the segment index). */
export function* setEntryLabels(entryId: string, labels: EntryLabels): Step<boolean> {
  const changed = yield* run('UPDATE entries SET labels_json = ?, label_count = ? WHERE id = ?', [
    JSON.stringify(labels.top),
    labels.count,
    entryId,
  ]);
  return changed > 0;
}
