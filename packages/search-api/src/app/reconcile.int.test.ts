import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ExtractedSegment } from '@onscreen/core';
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { type OnscreenStore, openSqliteStore } from '@onscreen/store';
import { testMeiliConnection, uniqueIndexUid } from '@onscreen/testkit/vitest';
import { createSearchDispatcher } from '@onscreen/worker';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../cli/context.js';
import { runCli } from '../cli/main.js';
import { mediaDir } from '../http/media-files.js';

const line = (text: string, startMs: number): ExtractedSegment => ({
  text,
  startMs,
  endMs: startMs + 900,
  confidence: 0.9,
  bbox: { x: 0, y: 0, w: 0.5, h: 0.1 },
});

async function cli(argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => {
    out += c;
  });
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => {
    err += c;
  });
  const ctx: CliContext = {
    argv0: 'onscreen',
    env,
    cwd: '/',
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    signal: new AbortController().signal,
  };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

/**
 * `onscreen reconcile` against a store and an index that disagree in every way it looks for: a missing
 * document, a document that says published for a private entry, documents of an entry that never existed
 * and of one deleted by a process that crashed before the index heard of it (its files still on disk).
 */
describe('onscreen reconcile', () => {
  const meili = createMeiliClient(testMeiliConnection());
  const indexUid = uniqueIndexUid('reconcile');
  const index = createSegmentIndex({ client: meili.client, indexUid });
  let dataDir: string | undefined;
  let store: OnscreenStore | undefined;
  afterAll(async () => {
    await store?.close();
    await meili.client
      .deleteIndex(indexUid)
      .waitTask()
      .catch(() => {});
    await meili.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the drift, repairs it with --fix, and sweeps the files of an entry deleted before the index heard of it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'onscreen-reconcile-'));
    store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
    await index.ensureSettings();
    const account = await store.createAccount({ name: 'A', reach: { enabled: true, creditMinutes: null } });
    const { user } = await store.createUser({ accountId: account.id, name: 'Ada' });
    const ids = ['ent_fine', 'ent_short', 'ent_leaky', 'ent_crashed', 'ent_waiting'];
    for (const id of ids) {
      await store.createEntry({ id, ownerId: user.id, title: id, filePath: join(mediaDir(dataDir), `${id}.mp4`) });
      await store.createOrders({ accountId: account.id, requesterId: user.id, request: { entryIds: [id] } });
      const claim = await store.claimNextOrder({ workerId: 't', leaseMs: 60_000 });
      await store.commitOrderSegments(claim?.order.id ?? '', claim?.leaseToken ?? '', {
        segments: [line(`${id} one`, 0), line(`${id} two`, 1000)],
        language: 'eng',
      });
      await store.completeOrder(claim?.order.id ?? '', claim?.leaseToken ?? '', { segmentCount: 2 });
    }
    await using dispatcher = createSearchDispatcher({ store, index });
    await dispatcher.drain(60_000);
    // drift: a document lost, a document that publishes a private entry, documents of an entry that never was
    const docs = meili.client.index<{ id: string; entryId: string }>(indexUid);
    const short = (await docs.getDocuments({ filter: 'entryId = "ent_short"', fields: ['id'] })).results;
    await docs.deleteDocument(short[0]?.id ?? '').waitTask();
    const leaky = (await docs.getDocuments({ filter: 'entryId = "ent_leaky"', fields: ['id'] })).results;
    await docs.updateDocuments([{ id: leaky[0]?.id ?? '', visibility: 'published' } as never]).waitTask();
    await index.replaceEntrySegments(
      {
        entryId: 'ent_ghost',
        ownerId: user.id,
        visibility: 'published',
        categoryIds: [],
        entryTitle: 'ghost',
        orderId: 'ord_gone',
        language: 'eng',
      },
      [line('boo', 0)],
    );
    // and an entry put in the index by `onscreen index` (no order, not in the store): not drift, left alone
    await index.replaceEntrySegments(
      { entryId: 'cli_clip', ownerId: 'cli', visibility: 'private', categoryIds: [], entryTitle: 'clip', orderId: null, language: 'eng' },
      [line('from the command line', 0)],
    );
    // a process deleted ent_crashed and died before its outbox row was applied; the row was lost with a restore
    await mkdir(join(dataDir, 'thumbnails', 'ent_crashed'), { recursive: true });
    await writeFile(join(dataDir, 'thumbnails', 'ent_crashed', '500.jpg'), 'jpeg');
    await mkdir(mediaDir(dataDir), { recursive: true });
    await writeFile(join(mediaDir(dataDir), 'ent_crashed.mp4'), 'video');
    await writeFile(join(mediaDir(dataDir), 'ent_fine.mp4'), 'video');
    const old = new Date(Date.now() - 3_600_000);
    for (const f of [
      join(mediaDir(dataDir), 'ent_crashed.mp4'),
      join(mediaDir(dataDir), 'ent_fine.mp4'),
      join(dataDir, 'thumbnails', 'ent_crashed'),
    ]) {
      await utimes(f, old, old);
    }
    await store.deleteEntry('ent_crashed');
    const [lost] = await store.claimSearchChanges({ owner: 'lost', leaseMs: 60_000, limit: 1, entryId: 'ent_crashed' });
    await store.completeSearchChange('ent_crashed', 'lost', lost?.version ?? 0);
    // a change on its way: not drift
    await store.updateEntry('ent_waiting', { title: 'renamed' });

    const env = {
      MEILI_URL: testMeiliConnection().url,
      MEILI_MASTER_KEY: testMeiliConnection().apiKey,
      ONSCREEN_MEILI_INDEX: indexUid,
      ONSCREEN_DATA_DIR: dataDir,
    };

    const first = await cli(['reconcile'], env);
    expect(first.code, first.err).toBe(0);
    const driftLines = first.out.split('\n').filter((l) => l.startsWith('drift'));
    expect(driftLines.map((l) => l.split(/\s+/).slice(1, 3).join(' ')).sort()).toEqual([
      'ent_crashed orphan:',
      'ent_ghost orphan:',
      'ent_leaky metadata:',
      'ent_short count:',
    ]);
    expect(first.out).toContain(
      '4 entries and 7 documents checked: 4 drifting, 1 with changes on their way to the index, 1 indexed outside the store (onscreen index) left alone',
    );
    // a dry run removes nothing: the index still holds ent_crashed
    expect((await readdir(mediaDir(dataDir))).sort()).toEqual(['ent_crashed.mp4', 'ent_fine.mp4']);
    expect(await readdir(join(dataDir, 'thumbnails'))).toEqual(['ent_crashed']);

    const fixed = await cli(['reconcile', '--fix', '--json'], env);
    expect(fixed.code, fixed.err).toBe(0);
    // the dispatcher took ent_crashed out of the index (and its thumbnails, whose folder it knows); the sweep
    // then removed its media file, which the lost row named
    expect(JSON.parse(fixed.out)).toMatchObject({ marked: 4, filesRemoved: 1 });
    await dispatcher.drain(60_000);
    const after = JSON.parse((await cli(['reconcile', '--json'], env)).out);
    expect(after).toMatchObject({ drift: [], pending: 0, entriesChecked: 4, documentsChecked: 8, external: 1 });
    expect(await index.countEntrySegments('cli_clip')).toBe(1);
    expect(await readdir(mediaDir(dataDir))).toEqual(['ent_fine.mp4']);
    expect(await readdir(join(dataDir, 'thumbnails'))).toEqual([]);
    expect(await index.countEntrySegments('ent_ghost')).toBe(0);
  });
});
