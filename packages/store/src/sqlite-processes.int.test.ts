import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ErrorCode, isOnscreenError } from '@onscreen/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { PeerReply, PeerRequest } from './conformance/sqlite-peer.js';
import { MIGRATIONS } from './migrations.js';
import { openSqliteStore } from './sqlite.js';

/** SQLite between processes: the migration lock and cancel-vs-claim with a claimer in another process. */
const dir = mkdtempSync(join(tmpdir(), 'onscreen-store-procs-'));
const peerScript = fileURLToPath(new URL('./conformance/sqlite-peer.ts', import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startPeer(file: string): { child: ChildProcess; next: () => Promise<PeerReply>; send: (r: PeerRequest) => void } {
  const child = fork(peerScript, [file], {
    execArgv: ['--import', 'tsx', '--conditions=source'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const queue: PeerReply[] = [];
  const waiting: ((reply: PeerReply) => void)[] = [];
  child.on('message', (reply: PeerReply) => (waiting.length ? waiting.shift()?.(reply) : queue.push(reply)));
  return {
    child,
    next: () => (queue.length ? Promise.resolve(queue.shift() as PeerReply) : new Promise((resolve) => waiting.push(resolve))),
    send: (request) => child.send(request),
  };
}

const spin = (microseconds: number) => {
  const until = process.hrtime.bigint() + BigInt(Math.round(microseconds * 1000));
  while (process.hrtime.bigint() < until);
};

describe('SQLite across processes', () => {
  it('four processes opening one new file at once apply each migration exactly once', async () => {
    const file = join(dir, 'migrate.sqlite');
    const peers = Array.from({ length: 4 }, () => startPeer(file));
    const replies = await Promise.all(peers.map((p) => p.next()));
    expect(replies).toEqual(Array(4).fill({ type: 'ready' }));
    for (const peer of peers) peer.send({ type: 'close' });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      MIGRATIONS.map(({ version }) => ({ version })),
    );
    db.close();
  });

  it('1000 cancel-vs-claim races with the claimer in another process: exactly one wins each time', async () => {
    const file = join(dir, 'race.sqlite');
    const store = await openSqliteStore({ file });
    const peer = startPeer(file);
    expect(await peer.next()).toEqual({ type: 'ready' });
    const account = await store.createAccount({ name: 'Race', reach: { enabled: true } });
    const { user } = await store.createUser({ accountId: account.id, name: 'Racer' });
    const wins = { cancel: 0, claim: 0 };
    const broken: string[] = [];
    for (let race = 0; race < 1000; race++) {
      const entry = await store.createEntry({ ownerId: user.id, title: `race ${race}` });
      const {
        orders: [order],
      } = await store.createOrders({ accountId: account.id, requesterId: user.id, request: { entryIds: [entry.id] } });
      peer.send({ type: 'claim', race });
      spin(Math.random() * 400); // the peer's claim lands somewhere around our cancel
      const cancelled = await store.cancelOrder(order?.id ?? '', user.id).then(
        (o) => o.status,
        (e: unknown) => (isOnscreenError(e) ? e.code : String(e)),
      );
      const reply = await peer.next();
      const claimedId = reply.type === 'claimed' ? reply.orderId : `failed: ${JSON.stringify(reply)}`;
      const final = (await store.getOrder(order?.id ?? '', user.id)).status;
      if (cancelled === 'aborted' && claimedId === null && final === 'aborted') wins.cancel++;
      else if (cancelled === ErrorCode.ALREADY_IN_PROGRESS && claimedId === order?.id && final === 'processing') wins.claim++;
      else broken.push(`race ${race}: cancel=${cancelled} claim=${claimedId} final=${final}`);
    }
    peer.send({ type: 'close' });
    await store.close();
    console.info(`[store] SQLite cross-process races: cancel won ${wins.cancel}, claim won ${wins.claim}`);
    expect(broken).toEqual([]);
    expect(wins.cancel + wins.claim).toBe(1000);
    expect(wins.cancel).toBeGreaterThan(0);
    expect(wins.claim).toBeGreaterThan(0);
  });
});
