import { randomBytes } from 'node:crypto';
import { type EmbeddedMeilisearch, startEmbeddedMeilisearch } from '@onscreen/indexer';

/**
 * An embedded Meilisearch that can be SIGKILLed and started again on the same data dir, port and
 * key, as an operator's supervisor would. `url` and `masterKey` never change.
 */
export interface RestartableMeili {
  readonly url: string;
  readonly masterKey: string;
  readonly pid: number;
  kill(): Promise<void>;
  restart(): Promise<number>;
  close(): Promise<void>;
}

export async function startRestartableMeili(dataDir: string): Promise<RestartableMeili> {
  const masterKey = randomBytes(24).toString('base64url');
  // supervision off: this harness is the supervisor, and decides when the engine comes back
  let current: EmbeddedMeilisearch = await startEmbeddedMeilisearch({ dataDir, masterKey, restart: false });
  const port = Number(new URL(current.url).port);
  const url = current.url;
  let down = false;
  return {
    url,
    masterKey,
    get pid() {
      return current.pid;
    },
    async kill() {
      process.kill(current.pid, 'SIGKILL');
      // close() sees the dead child, waits for nothing and releases the data-dir lock.
      await current.close();
      down = true;
    },
    async restart() {
      const startedMs = Date.now();
      current = await startEmbeddedMeilisearch({ dataDir, masterKey, port, restart: false });
      down = false;
      return Date.now() - startedMs;
    },
    async close() {
      if (!down) await current.close();
    },
  };
}
