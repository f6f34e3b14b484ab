import { quoteFilterValue, type Segment } from '@onscreen/core';
import { toOnscreenError } from '@onscreen/indexer';
import type { ResolvedHttpDeps } from './deps.js';

const PAGE_SIZE = 5_000;
/** An entry of a few hours holds some thousands of segments; this bounds one export. */
const MAX_SEGMENTS = 50_000;
const FIELDS: (keyof Segment)[] = ['id', 'entryId', 'text', 'startMs', 'endMs', 'confidence', 'bbox', 'language'];

/** Every indexed segment of one entry, in time order (read from the segment index's documents). */
export async function listEntrySegments(deps: Pick<ResolvedHttpDeps, 'meili' | 'index'>, entryId: string): Promise<Segment[]> {
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
  return segments.sort((a, b) => a.startMs - b.startMs || a.bbox.y - b.bbox.y);
}
