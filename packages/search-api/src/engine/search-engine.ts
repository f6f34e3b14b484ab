import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createMeiliClient,
  createSegmentIndex,
  type EmbeddedMeilisearch,
  type MeiliClient,
  type SegmentIndex,
  startEmbeddedMeilisearch,
} from '@onscreen/indexer';

export interface SearchEngineOptions {
  /** An external Meilisearch; when absent the embedded one is started in `dataDir/meilisearch`. */
  meiliUrl?: string | undefined;
  meiliMasterKey?: string | undefined;
  dataDir: string;
  /** Default `onscreen_segments`. */
  indexUid?: string;
  /** The embedded engine's `--env`: `production` (default) or `development` (its search preview dashboard). */
  environment?: 'production' | 'development';
  signal?: AbortSignal;
}

export interface SearchEngine {
  readonly index: SegmentIndex;
  readonly meili: MeiliClient;
  readonly url: string;
  /** The child process when onscreen started Meilisearch itself. */
  readonly embedded: EmbeddedMeilisearch | null;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Connects to Meilisearch (external or embedded), applies the segment index settings and returns it. */
export async function openSearchEngine(options: SearchEngineOptions): Promise<SearchEngine> {
  let embedded: EmbeddedMeilisearch | null = null;
  let url = options.meiliUrl;
  let apiKey = options.meiliMasterKey;
  if (url === undefined || url === '') {
    const dataDir = join(options.dataDir, 'meilisearch');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    embedded = await startEmbeddedMeilisearch({
      dataDir,
      signal: options.signal,
      logFile: join(dataDir, 'meilisearch.log'),
      environment: options.environment ?? 'production',
    });
    url = embedded.url;
    apiKey = embedded.masterKey;
  }
  const meili = createMeiliClient({ url, apiKey });
  const index = createSegmentIndex({ client: meili.client, indexUid: options.indexUid ?? 'onscreen_segments' });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await meili.close();
      await embedded?.close();
    })();
    return closing;
  };
  try {
    await index.ensureSettings();
  } catch (error) {
    await close();
    throw error;
  }
  return { index, meili, url, embedded, close, [Symbol.asyncDispose]: close };
}
