import { createHash } from 'node:crypto';
import {
  ErrorCode,
  type ExtractedSegment,
  OnscreenError,
  type SegmentDocument,
  SegmentDocumentSchema,
  type Visibility,
} from '@onscreen/core';
import { stripHighlightMarkers } from './highlight.js';

/** What every document of one entry repeats: who may see it, where it belongs, which order made it. */
export interface EntrySegmentMeta {
  entryId: string;
  ownerId: string;
  visibility: Visibility;
  categoryIds: string[];
  entryTitle: string;
  orderId: string | null;
  language: string;
}

/**
 * `<32 hex of sha256(entryId)>-<ordinal>`: deterministic, within Meilisearch's id alphabet
 * (a–z A–Z 0–9 - _) whatever the entry id holds, and the same for the n-th segment of every
 * generation, so a re-index overwrites documents in place instead of adding a second set.
 */
export function segmentDocumentId(entryId: string, ordinal: number): string {
  if (!Number.isInteger(ordinal) || ordinal < 0) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `Segment ordinal must be a non-negative integer, got ${ordinal}.`);
  }
  return `${createHash('sha256').update(entryId, 'utf8').digest('hex').slice(0, 32)}-${ordinal}`;
}

/** The documents of one generation, in the order the segments were given. */
export function toSegmentDocuments(meta: EntrySegmentMeta, segments: readonly ExtractedSegment[]): SegmentDocument[] {
  return segments.map((segment, ordinal) => {
    if (segment.startMs > segment.endMs) {
      throw new OnscreenError(ErrorCode.INVALID_INPUT, `Segment ${ordinal} of entry ${meta.entryId} ends before it starts.`, {
        details: { ordinal, startMs: segment.startMs, endMs: segment.endMs },
      });
    }
    const candidate = {
      id: segmentDocumentId(meta.entryId, ordinal),
      entryId: meta.entryId,
      text: stripHighlightMarkers(segment.text),
      startMs: segment.startMs,
      endMs: segment.endMs,
      confidence: segment.confidence,
      bbox: { x: segment.bbox.x, y: segment.bbox.y, w: segment.bbox.w, h: segment.bbox.h },
      language: meta.language,
      ownerId: meta.ownerId,
      visibility: meta.visibility,
      categoryIds: [...meta.categoryIds],
      entryTitle: meta.entryTitle,
      orderId: meta.orderId,
    };
    const parsed = SegmentDocumentSchema.safeParse(candidate);
    if (!parsed.success) {
      throw new OnscreenError(ErrorCode.INVALID_INPUT, `Segment ${ordinal} of entry ${meta.entryId} is not valid.`, {
        details: { ordinal, issues: parsed.error.issues },
      });
    }
    return parsed.data;
  });
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
