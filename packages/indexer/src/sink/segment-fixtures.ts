import type { ExtractedSegment } from '@onscreen/core';
import type { EntrySegmentMeta } from './segment-documents.js';

/** Test data: `count` segments of 2 s each whose text is `${prefix} n`. */
export function makeSegments(prefix: string, count: number, startMs = 0): ExtractedSegment[] {
  return Array.from({ length: count }, (_, n) => ({
    text: `${prefix} ${n}`,
    startMs: startMs + n * 2_000,
    endMs: startMs + n * 2_000 + 1_500,
    confidence: 0.9,
    bbox: { x: 0.1, y: 0.1 + (n % 8) * 0.1, w: 0.5, h: 0.08 },
  }));
}

export function makeMeta(overrides: Partial<EntrySegmentMeta> & { entryId: string }): EntrySegmentMeta {
  return {
    ownerId: 'user-a',
    visibility: 'private',
    categoryIds: [],
    entryTitle: `Entry ${overrides.entryId}`,
    orderId: 'order-1',
    language: 'eng',
    ...overrides,
  };
}
