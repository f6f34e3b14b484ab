/**
 * Fault 1d: `onscreen serve` gets SIGTERM while uploads (streamed slowly, ~1.5 s each) and searches
 * are in flight and its worker holds orders.
 * Invariants: every request that had started before SIGTERM gets a complete answer (no reset);
 * the process exits 0 within 30 s (SOAK_SHUTDOWN_EXIT_WAIT_MS); right after it exits no order is `processing` (each leased order
 * was returned to pending or finished) and none went to `error` because of the shutdown; every
 * entry an upload was answered for exists.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMeilisearch } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { createChecks, envInt, sleep, waitFor } from '../lib/harness.js';
import { startServeProcess } from '../lib/serve.js';
import { cachedSlideDeck } from '../lib/videos.js';

const ROUNDS = envInt('SOAK_SHUTDOWN_ROUNDS', 3);
const UPLOADERS = Number(process.env.SOAK_UPLOADERS ?? 6);
const SEARCHERS = Number(process.env.SOAK_SEARCHERS ?? 6);
const EXIT_WAIT_MS = envInt('SOAK_SHUTDOWN_EXIT_WAIT_MS', 30_000);

/** A multipart body streamed in 16 chunks over `spreadMs`, so the upload is in flight for that long. */
function slowMultipart(file: Buffer, title: string, spreadMs: number): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `----soak${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="title"\r\n\r\n${title}\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="talk.mp4"\r\ncontent-type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunkBytes = Math.ceil(file.length / 16);
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
    },
    async pull(controller) {
      if (offset >= file.length) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      await sleep(spreadMs / 16);
      controller.enqueue(file.subarray(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const checks = createChecks('graceful-shutdown');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-soak-shutdown-'));
const dataDir = join(dir, 'data');
const meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });
try {
  await mkdir(dataDir, { recursive: true });
  const store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
  const account = await store.createAccount({ name: 'shutdown', reach: { enabled: true } });
  const { user, token } = await store.createUser({ accountId: account.id, name: 'shutdown' });
  const videoFile = await cachedSlideDeck(4, 2, 13);
  const video = await readFile(videoFile);
  const perRound: Array<Record<string, unknown>> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let i = 0; i < 4; i += 1) {
      const entry = await store.createEntry({
        ownerId: user.id,
        title: `shutdown r${round} ${i}`,
        filePath: videoFile,
        visibility: 'published',
        categoryIds: [],
      });
      await store.createOrders({ accountId: account.id, requesterId: user.id, request: { entryIds: [entry.id] } });
    }
    const serve = await startServeProcess({
      dataDir,
      meili,
      indexUid: 'soak_shutdown',
      workerConcurrency: 2,
    });
    await waitFor('the worker to hold an order', async () => (await store.countOrdersByStatus()).processing > 0, 60_000, 20);
    let sigtermAt = Number.POSITIVE_INFINITY;
    const outcome = {
      inFlightAtSigterm: 0,
      answeredAfterSigterm: 0,
      resetInFlight: [] as string[],
      refusedAfterSigterm: 0,
      uploadsAnswered: [] as string[],
    };
    const send = async (kind: 'upload' | 'search', n: number) => {
      for (let i = 0; Date.now() < sigtermAt + 5_000 && i < 200; i += 1) {
        const startedAt = Date.now();
        if (startedAt > sigtermAt) {
          await sleep(100);
          continue;
        }
        const request =
          kind === 'upload'
            ? (() => {
                const { body, contentType } = slowMultipart(video, `upload r${round} ${n}-${i}`, 1_500);
                return fetch(`${serve.url}/v1/entries`, {
                  method: 'POST',
                  headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
                  body,
                  duplex: 'half',
                } as RequestInit);
              })()
            : fetch(`${serve.url}/v1/search?q=slide`, { headers: { authorization: `Bearer ${token}` } });
        const res = await request.catch((error: Error) => error);
        const text = res instanceof Error ? '' : await res.text().catch(() => null);
        const doneAt = Date.now();
        if (doneAt < sigtermAt) continue;
        outcome.inFlightAtSigterm += 1;
        if (res instanceof Error || text === null)
          outcome.resetInFlight.push(
            `${kind}: ${res instanceof Error ? ((res.cause as Error | undefined)?.message ?? res.message) : 'body cut'}`,
          );
        else {
          outcome.answeredAfterSigterm += 1;
          if (kind === 'upload' && res.status === 201) outcome.uploadsAnswered.push((JSON.parse(text) as { id: string }).id);
        }
      }
    };
    const loops = [
      ...Array.from({ length: UPLOADERS }, (_, n) => send('upload', n)),
      ...Array.from({ length: SEARCHERS }, (_, n) => send('search', n)),
    ];
    await sleep(800 + Math.floor(Math.random() * 600));
    const atSigterm = await store.countOrdersByStatus();
    const leasedAtSigterm = atSigterm.processing;
    sigtermAt = Date.now();
    serve.child.kill('SIGTERM');
    const exitCode = await Promise.race([serve.exited, sleep(EXIT_WAIT_MS).then(() => 'timeout')]);
    const exitMs = Date.now() - sigtermAt;
    if (exitCode === 'timeout') {
      console.error(`serve did not exit; its output:\n${serve.output().slice(-3_000)}`);
      serve.child.kill('SIGKILL');
    }
    await Promise.all(loops);
    const counts = await store.countOrdersByStatus();
    const missing: string[] = [];
    for (const id of outcome.uploadsAnswered) if ((await store.getEntry(id)) === null) missing.push(id);
    perRound.push({
      round,
      ordersAtSigterm: atSigterm,
      exitCode,
      exitMs,
      ...outcome,
      uploadsAnswered: outcome.uploadsAnswered.length,
      resetInFlight: outcome.resetInFlight.length,
      ordersAfter: counts,
    });
    // Orders pending at SIGTERM that were claimed (and finished) after it: intake did not stop.
    const claimedAfterSigterm = counts.ready + counts.error - atSigterm.ready - atSigterm.error - atSigterm.processing;
    perRound[perRound.length - 1] = { ...perRound.at(-1), claimedAfterSigterm };
    checks.check(exitCode === 0, `round ${round}: exit code 0 after SIGTERM (${exitCode}, ${exitMs} ms)`);
    checks.check(claimedAfterSigterm <= 0, `round ${round}: no order claimed after SIGTERM (${claimedAfterSigterm})`);
    checks.check(
      outcome.resetInFlight.length === 0,
      `round ${round}: every in-flight request answered (${outcome.answeredAfterSigterm}/${outcome.inFlightAtSigterm}${outcome.resetInFlight.length ? `; reset: ${[...new Set(outcome.resetInFlight)].join(', ')}` : ''})`,
    );
    checks.check(
      counts.processing === 0 && counts.error === 0,
      `round ${round}: no order left processing or failed by the shutdown (${leasedAtSigterm} leased at SIGTERM; after: ${JSON.stringify(counts)})`,
    );
    checks.check(missing.length === 0, `round ${round}: every answered upload is an entry (${outcome.uploadsAnswered.length})`);
  }
  await store.close();
  const ok = await checks.finish({ rounds: ROUNDS, uploaders: UPLOADERS, searchers: SEARCHERS, perRound });
  process.exitCode = ok ? 0 : 1;
} finally {
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
