import type { ExtractedSegment } from '@onscreen/core';
import { entryLabelsOf, type MeiliClient, type SegmentIndex, toSegmentDocuments } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import { createSeededRandom } from '@onscreen/testkit';

/**
 * My Media at scale, generated straight into a store and a segment index: one owner's N entries with
 * titles, descriptions, tags, categories, both visibilities, both media types, durations (some unknown),
 * orders in every OCR state (ready ones with their labels kept, as the worker keeps them), plays, and
 * `segmentsPerEntry` on-screen lines each in Meilisearch. Deterministic for a seed.
 */
export interface PortalDataOptions {
  entries: number;
  segmentsPerEntry: number;
  seed?: number;
  log: (text: string) => void;
}

const WORDS = (
  'revenue quarterly roadmap hiring budget launch pricing customer churn growth margin forecast design review ' +
  'security compliance incident postmortem onboarding training webinar keynote demo release sprint backlog ' +
  'velocity architecture database latency throughput migration kubernetes cluster storage network invoice ' +
  'contract legal privacy audit marketing campaign funnel conversion retention analytics dashboard metrics ' +
  'quality testing deployment pipeline monitoring alerting capacity planning strategy vision mission values'
).split(' ');
/** Rarer words (names, terms): each turns up in some entries, as real on-screen text does. */
const SYLLABLES = 'ka lo mi ra te su vi no da pe zo ri fa gu be'.split(' ');
const RARE = [
  ...'nightingale aurora phoenix orion atlas zephyr meridian horizon summit cascade'.split(' '),
  ...Array.from(
    { length: 3000 },
    (_, i) => `${SYLLABLES[i % 15]}${SYLLABLES[Math.floor(i / 15) % 15]}${SYLLABLES[Math.floor(i / 225) % 15]}${i}`,
  ),
];
export const CATEGORIES = Array.from({ length: 20 }, (_, i) => `cat-${i}`);

export async function generatePortalData(
  store: OnscreenStore,
  index: SegmentIndex,
  meili: MeiliClient['client'],
  owner: { id: string; accountId: string },
  options: PortalDataOptions,
): Promise<void> {
  const { next: random } = createSeededRandom(options.seed ?? 14);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const phrase = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  // on-screen lines: 60 % common words, 40 % rarer ones (a rare word is in about 1 entry in 20)
  const line = (n: number) => Array.from({ length: n }, () => pick(random() < 0.6 ? WORDS : RARE)).join(' ');
  const started = performance.now();
  const ids: string[] = [];
  const texts = new Map<string, ExtractedSegment[]>();
  const pendingDocs: ReturnType<typeof toSegmentDocuments> = [];
  const tasks: number[] = [];
  const flush = async (force: boolean) => {
    if (pendingDocs.length === 0 || (!force && pendingDocs.length < 50_000)) return;
    const part = pendingDocs.splice(0);
    tasks.push((await meili.index(index.indexUid).addDocuments(part, { primaryKey: 'id' })).taskUid);
  };
  for (let i = 0; i < options.entries; i++) {
    const durationMs = random() < 0.05 ? null : Math.round(10_000 + random() * 7_200_000);
    const entry = await store.createEntry({
      ownerId: owner.id,
      title: `${phrase(3)} ${i}`,
      description: random() < 0.6 ? phrase(12) : '',
      tags: Array.from({ length: Math.floor(random() * 4) }, () => pick(WORDS)),
      categoryIds: random() < 0.7 ? [pick(CATEGORIES)] : [],
      visibility: random() < 0.3 ? 'published' : 'private',
      mediaType: random() < 0.1 ? 'image' : 'video',
      durationMs,
      sizeBytes: Math.round(random() * 1e9),
    });
    ids.push(entry.id);
    const segments: ExtractedSegment[] = Array.from({ length: options.segmentsPerEntry }, (_, s) => ({
      text: line(2 + Math.floor(random() * 5)),
      startMs: s * 2000,
      endMs: s * 2000 + 1500 + Math.floor(random() * 4000),
      confidence: 0.6 + random() * 0.4,
      bbox: { x: 0.1, y: (s % 10) / 10, w: 0.6, h: 0.06 },
    }));
    texts.set(entry.id, segments);
    const meta = {
      entryId: entry.id,
      ownerId: owner.id,
      visibility: entry.visibility,
      categoryIds: entry.categoryIds,
      entryTitle: entry.title,
      orderId: null,
      language: 'eng',
    };
    pendingDocs.push(...toSegmentDocuments(meta, segments));
    await flush(false);
    if ((i + 1) % 1000 === 0)
      options.log(`\r  entries ${i + 1}/${options.entries} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await flush(true);
  // OCR states: 80 % ordered; of those, 85 % ready (labels kept, as the worker keeps them), 10 % error, 5 % still pending
  const ordered = ids.filter(() => random() < 0.8);
  const waiting = ordered.filter(() => random() < 0.05);
  const finished = ordered.filter((id) => !waiting.includes(id));
  const placeOrders = async (entryIds: string[]) => {
    for (let i = 0; i < entryIds.length; i += 100) {
      await store.createOrders({ accountId: owner.accountId, requesterId: owner.id, request: { entryIds: entryIds.slice(i, i + 100) } });
    }
  };
  await placeOrders(finished);
  for (let done = 1; ; done++) {
    const claim = await store.claimNextOrder({ workerId: 'bench', leaseMs: 600_000 });
    if (!claim) break;
    if (random() < 0.9) {
      const labels = entryLabelsOf(texts.get(claim.order.entryId) ?? []);
      await store.completeOrder(claim.order.id, claim.leaseToken, { segmentCount: options.segmentsPerEntry, labels });
    } else {
      await store.failOrder(claim.order.id, claim.leaseToken, { code: 'OCR_FAILED', details: 'generated', retryable: false });
    }
    if (done % 1000 === 0) options.log(`\r  orders ${done}/${finished.length}        `);
  }
  await placeOrders(waiting);
  for (let i = 0; i < options.entries / 3; i++) await store.countEntryView(pick(ids));
  options.log(`\r  waiting for Meilisearch to index ${options.entries * options.segmentsPerEntry} segments…`);
  for (const uid of tasks) {
    const task = await meili.tasks.waitForTask(uid, { timeout: 3_600_000, interval: 500 });
    if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${uid} ${task.status}: ${task.error?.message ?? ''}`);
  }
  options.log(` done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
