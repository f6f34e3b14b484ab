import { ErrorCode } from '@onscreen/core';
import { describe, expect, it } from 'vitest';
import { makeMeta, makeSegments } from './segment-fixtures.js';
import { chunk, segmentDocumentId, toSegmentDocuments } from './segment-documents.js';

describe('segmentDocumentId', () => {
  it('is deterministic, per entry and ordinal, and within Meilisearch’s id alphabet and length', () => {
    const id = segmentDocumentId('entry "1" / ünïcode', 7);
    expect(id).toBe(segmentDocumentId('entry "1" / ünïcode', 7));
    expect(id).toMatch(/^[0-9a-f]{32}-7$/);
    expect(segmentDocumentId('entry-2', 7)).not.toBe(id);
    expect(segmentDocumentId('e', 0)).not.toBe(segmentDocumentId('e', 1));
    expect(segmentDocumentId('x'.repeat(10_000), 123_456).length).toBeLessThan(512);
  });

  it('refuses negative or fractional ordinals', () => {
    expect(() => segmentDocumentId('e', -1)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_INPUT }));
    expect(() => segmentDocumentId('e', 1.5)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_INPUT }));
  });
});

describe('toSegmentDocuments', () => {
  it('copies entry metadata into every document and numbers them in order', () => {
    const meta = makeMeta({ entryId: 'e1', visibility: 'published', categoryIds: ['c'], orderId: 'o9', language: 'spa' });
    const docs = toSegmentDocuments(meta, makeSegments('line', 3));
    expect(docs.map((doc) => doc.id)).toEqual([0, 1, 2].map((n) => segmentDocumentId('e1', n)));
    expect(docs[2]).toMatchObject({
      entryId: 'e1',
      text: 'line 2',
      startMs: 4_000,
      endMs: 5_500,
      language: 'spa',
      orderId: 'o9',
      categoryIds: ['c'],
    });
  });

  it('removes highlight marker characters from text and rejects invalid segments', () => {
    const [doc] = toSegmentDocuments(makeMeta({ entryId: 'e' }), [{ ...makeSegments('x', 1)[0]!, text: 'a\uE000b\uE001c' }]);
    expect(doc?.text).toBe('abc');
    const bad = { ...makeSegments('x', 1)[0]!, confidence: 2 };
    expect(() => toSegmentDocuments(makeMeta({ entryId: 'e' }), [bad])).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_INPUT }));
  });
});

describe('chunk', () => {
  it('splits into pieces of at most size, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 5)).toEqual([]);
  });
});
