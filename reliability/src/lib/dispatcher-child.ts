/**
 * A search outbox dispatcher alone in its own process (the soak kills it with SIGKILL): the store at
 * ONSCREEN_SOAK_STORE (a SQLite file), the index ONSCREEN_SOAK_INDEX on MEILI_URL. Prints one line per
 * applied row, so the parent can kill it at any point.
 */
import { createMeiliClient, createSegmentIndex } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { createSearchDispatcher } from '@onscreen/worker';

const store = await openSqliteStore({ file: process.env.ONSCREEN_SOAK_STORE ?? '' });
const client = createMeiliClient({ url: process.env.MEILI_URL ?? '', apiKey: process.env.MEILI_MASTER_KEY });
const index = createSegmentIndex({ client: client.client, indexUid: process.env.ONSCREEN_SOAK_INDEX ?? '' });
const dispatcher = createSearchDispatcher({
  store,
  index,
  owner: `child-${process.pid}`,
  leaseMs: 2_000,
  batchSize: 8,
  pollMs: 50,
  onEvent: (event) => {
    if (event.type === 'applied') process.stdout.write(`applied ${event.entryId} ${event.outcome}\n`);
  },
});
dispatcher.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => {
  void dispatcher
    .close()
    .then(() => store.close())
    .then(() => client.close())
    .then(() => process.exit(0));
});
