/**
 * Another process on the same SQLite file, for real cross-process contention in sqlite.int.test.ts.
 * Usage: node --import tsx --conditions=source sqlite-peer.ts <file>; then talk to it over IPC.
 */
import { openSqliteStore } from '../sqlite.js';

export type PeerRequest = { type: 'claim'; race: number } | { type: 'close' };
export type PeerReply = { type: 'ready' } | { type: 'claimed'; race: number; orderId: string | null } | { type: 'failed'; message: string };

const send = (reply: PeerReply) => process.send?.(reply);
const file = process.argv[2];
if (!file) throw new Error('usage: sqlite-peer.ts <database file>');

try {
  const store = await openSqliteStore({ file });
  process.on('message', async (request: PeerRequest) => {
    if (request.type === 'close') {
      await store.close();
      process.disconnect();
      return;
    }
    try {
      const claim = await store.claimNextOrder({ workerId: `peer-${process.pid}`, leaseMs: 600_000 });
      send({ type: 'claimed', race: request.race, orderId: claim?.order.id ?? null });
    } catch (error) {
      send({ type: 'failed', message: String(error) });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', message: String(error) });
  process.disconnect();
}
