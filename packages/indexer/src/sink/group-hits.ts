import type { BBox, SearchEntryHit, SearchMoment } from '@onscreen/core';
import { renderHighlight } from './highlight.js';

/** The fields a search asks Meilisearch to return for a moment. */
export const MOMENT_ATTRIBUTES = ['id', 'entryId', 'entryTitle', 'ownerId', 'text', 'startMs', 'endMs', 'confidence', 'bbox', 'language'];

export interface MomentHit {
  id: string;
  entryId: string;
  entryTitle: string;
  ownerId: string;
  text: string;
  startMs: number;
  endMs: number;
  confidence: number;
  bbox: BBox;
  language: string;
  _formatted?: { text?: string };
}

export function toMoment(hit: MomentHit): SearchMoment {
  return {
    segmentId: hit.id,
    text: hit.text,
    highlighted: renderHighlight(hit._formatted?.text ?? hit.text),
    startMs: hit.startMs,
    endMs: hit.endMs,
    confidence: hit.confidence,
    bbox: hit.bbox,
    language: hit.language,
  };
}

/**
 * Entries in the order of their best hit, each with up to `maxMomentsPerEntry` moments in hit order
 * (a segment seen twice counts once). Hits of an entry that is not in `entryOrder` are dropped;
 * entries left without moments too.
 */
export function groupMomentsByEntry(
  entryOrder: readonly string[],
  hits: readonly MomentHit[],
  maxMomentsPerEntry: number,
): SearchEntryHit[] {
  const byEntry = new Map<string, SearchEntryHit>();
  const seen = new Set<string>();
  for (const entryId of entryOrder) byEntry.set(entryId, { entryId, entryTitle: '', ownerId: '', moments: [] });
  for (const hit of hits) {
    const group = byEntry.get(hit.entryId);
    if (group === undefined || group.moments.length >= maxMomentsPerEntry || seen.has(hit.id)) continue;
    seen.add(hit.id);
    if (group.moments.length === 0) {
      group.entryTitle = hit.entryTitle;
      group.ownerId = hit.ownerId;
    }
    group.moments.push(toMoment(hit));
  }
  return [...byEntry.values()].filter((group) => group.moments.length > 0);
}
