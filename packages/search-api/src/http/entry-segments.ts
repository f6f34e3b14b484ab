import { quoteFilterValue, type Segment } from '@onscreen/core';
import { segmentDocumentId, toOnscreenError } from '@onscreen/indexer';
import type { ResolvedHttpDeps } from './deps.js';

const PAGE_SIZE = 5_000;
/** An entry of a few hours holds some thousands of segments; this bounds one export. */
const MAX_SEGMENTS = 50_000;
const FIELDS: (keyof Segment)[] = ['id', 'entryId', 'text', 'startMs', 'endMs', 'confidence', 'bbox', 'language'];

const inTimeOrder = (segments: Segment[]) => segments.sort((a, b) => a.startMs - b.startMs || a.bbox.y - b.bbox.y);

/**
 * Every segment of one entry, in time order: from the store, which holds the segments of the entry's last
 * ready order (so labels and exports work while search is down); for entries indexed before the store
 * kept segments, from the segment index's documents.
 */
export async function listEntrySegments(deps: Pick<ResolvedHttpDeps, 'meili' | 'index' | 'store'>, entryId: string): Promise<Segment[]> {
  const { segments: stored } = await deps.store.getEntryProjection(entryId);
  if (stored !== null) {
    return inTimeOrder(
      stored.segments.map((segment, ordinal) => ({
        ...segment,
        id: segmentDocumentId(entryId, ordinal),
        entryId,
        language: stored.language,
      })),
    );
  }
  const index = deps.meili.index(deps.index.indexUid);
  const segments: Segment[] = [];
  for (let offset = 0; offset < MAX_SEGMENTS; offset += PAGE_SIZE) {
    const page = await index
      .getDocuments<Segment>({ filter: `entryId = ${quoteFilterValue(entryId)}`, fields: FIELDS, limit: PAGE_SIZE, offset })
      .catch((error: unknown) => {
        throw toOnscreenError(error, `list segments of entry ${entryId}`);
      });
    segments.push(...page.results);
    if (page.results.length < PAGE_SIZE) break;
  }
  return inTimeOrder(segments);
}
