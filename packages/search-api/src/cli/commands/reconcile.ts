import { join } from 'node:path';
import { openStore } from '@onscreen/store';
import { createSearchDispatcher } from '@onscreen/worker';
import { resolveConfig } from '../../app/config.js';
import { describeReconcile, runReconcile } from '../../app/reconcile.js';
import { openSearchEngine } from '../../engine/search-engine.js';
import { removeEntryFiles } from '../../http/media-files.js';
import type { CommandRunner } from '../program.js';

/**
 * Compares the store with the search index entry by entry and prints the drift; with --fix, rebuilds
 * the drifting entries' documents from the store (and removes documents of deleted entries), then sweeps
 * the files of deleted entries. The index is the one of ONSCREEN_MEILI_INDEX.
 */
export const reconcileCommand: CommandRunner = async (_args, flags, ctx) => {
  const config = resolveConfig('reconcile', flags, ctx.env, ctx.cwd);
  await using store = await openStore(config.databaseUrl ?? join(config.dataDir, 'onscreen.sqlite'));
  await using engine = await openSearchEngine({ ...config, signal: ctx.signal });
  await using dispatcher = createSearchDispatcher({
    store,
    index: engine.index,
    onEntryGone: (change) => removeEntryFiles(config.dataDir, { id: change.entryId, filePath: change.filePath }),
  });
  const run = await runReconcile({ store, index: engine.index, dataDir: config.dataDir, fix: config.fix, dispatcher, signal: ctx.signal });
  if (config.json) ctx.stdout.write(`${JSON.stringify(run)}\n`);
  else ctx.stdout.write(describeReconcile(run, config.fix));
};
