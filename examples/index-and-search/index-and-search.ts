/**
 * Index a video's on-screen text from code and search it.
 *
 *   node --conditions=source --import tsx examples/index-and-search/index-and-search.ts [video]
 *
 * Uses the Meilisearch at MEILI_URL / MEILI_MASTER_KEY when set, otherwise starts the embedded one in
 * a temporary directory. Exits non-zero when the expected text is not found, so it doubles as a check.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMeiliClient, createSegmentIndex, extractSegments, startEmbeddedMeilisearch } from '@onscreen/indexer';

const video = process.argv[2] ?? fileURLToPath(new URL('../../packages/search-api/samples/onscreen-demo.mp4', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'onscreen-example-'));
const embedded = process.env.MEILI_URL ? null : await startEmbeddedMeilisearch({ dataDir });
const meili = createMeiliClient({
  url: process.env.MEILI_URL ?? embedded!.url,
  apiKey: process.env.MEILI_MASTER_KEY ?? embedded!.masterKey,
});
const index = createSegmentIndex({ client: meili.client, indexUid: `example_${process.pid}` });

try {
  // 1. Read the on-screen text: decode once, OCR only frames whose content changed.
  const { segments, stats, durationMs } = await extractSegments(video, { ocr: { languages: 'eng' } });
  console.log(
    `read ${segments.length} lines from ${durationMs / 1000} s of video (${stats.framesOcred} of ${stats.framesDecoded} frames OCRed)`,
  );

  // 2. Put them in Meilisearch as the segments of one entry; this waits until the engine has them.
  await index.ensureSettings();
  const { indexed } = await index.replaceEntrySegments(
    {
      entryId: 'quarterly-review',
      ownerId: 'me',
      visibility: 'private',
      categoryIds: [],
      entryTitle: 'Quarterly review',
      orderId: null,
      language: 'eng',
    },
    segments,
  );
  assert.equal(indexed, segments.length);

  // 3. Search with a typo, as a user would; userId limits results to what that user may see.
  const response = await index.search({ q: 'revnue', page: 1, pageSize: 5 }, 'me');
  const moment = response.entries[0]?.moments[0];
  assert.ok(moment, 'expected a moment for "revnue"');
  assert.match(moment.text, /revenue/i);
  assert.ok(moment.startMs < 8000, `expected the revenue slide in the first 8 s, got ${moment.startMs} ms`);
  console.log(`"revnue" → ${response.entries[0]?.entryTitle} at ${(moment.startMs / 1000).toFixed(1)} s: ${moment.highlighted}`);

  // 4. Another user does not see a private entry.
  const stranger = await index.search({ q: 'revenue', page: 1, pageSize: 5 }, 'someone-else');
  assert.equal(stranger.entries.length, 0);
  console.log('a second user sees nothing of the private entry: ok');
} finally {
  await meili.client.deleteIndex(index.indexUid).catch(() => {});
  await meili.close();
  await embedded?.close();
  await rm(dataDir, { recursive: true, force: true });
}
