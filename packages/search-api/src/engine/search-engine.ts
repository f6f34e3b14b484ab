import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, isOnscreenError, OnscreenError } from '@onscreen/core';
import {
  createMeiliClient,
  createSegmentIndex,
  createShardedSegmentIndex,
  type EmbeddedMeilisearch,
  type MeiliClient,
  type SegmentIndex,
  startEmbeddedMeilisearch,
} from '@onscreen/indexer';
import { advertiseEngine, findRunningEngine } from './running-engine.js';

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
  /**
   * Let other onscreen commands on the same data dir use the embedded Meilisearch this one starts (its
   * URL and key go to a file only the data dir's owner can read). `onscreen serve` and `worker` do.
   */
  share?: boolean;
  /**
   * Segments split across these Meilisearch instances (each reached with `meiliMasterKey`), by entry;
   * searches fan out and are merged. Two or more URLs; `meiliUrl` is then not used.
   */
  meiliShards?: readonly string[] | undefined;
  /** The embedded engine's indexing RAM (`--max-indexing-memory`), e.g. `512MiB` (the default). */
  meiliMaxIndexingMemory?: string | undefined;
  /** The embedded engine's indexing threads (`--max-indexing-threads`); default half the cores. */
  meiliMaxIndexingThreads?: number | undefined;
  /** The embedded engine's CPU priority as `nice` (0–19); default 10, below OCR. */
  meiliNice?: number | undefined;
}

export interface SearchEngineStatus {
  available: boolean;
  /** Why search is unavailable; null when it is available. */
  reason: string | null;
}

export interface SearchEngine {
  readonly index: SegmentIndex;
  readonly meili: MeiliClient;
  readonly url: string;
  /** The child process when onscreen started Meilisearch itself. */
  readonly embedded: EmbeddedMeilisearch | null;
  /** How Meilisearch was reached: MEILI_URL, started here, or the one a running `onscreen serve` shares. */
  readonly source: 'external' | 'embedded' | 'shared';
  /**
   * Whether search can answer, and why not: the embedded engine's process state (it is restarted when it
   * exits), then a health request. For `/readyz`.
   */
  status(): Promise<SearchEngineStatus>;
  /** Restarts of the embedded engine since start-up (0 for an engine onscreen did not start). */
  readonly restarts: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

async function startEmbedded(options: SearchEngineOptions, dataDir: string): Promise<EmbeddedMeilisearch> {
  try {
    return await startEmbeddedMeilisearch({
      dataDir,
      signal: options.signal,
      logFile: join(dataDir, 'meilisearch.log'),
      environment: options.environment ?? 'production',
      ...(options.meiliMaxIndexingMemory === undefined ? {} : { maxIndexingMemory: options.meiliMaxIndexingMemory }),
      ...(options.meiliMaxIndexingThreads === undefined ? {} : { maxIndexingThreads: options.meiliMaxIndexingThreads }),
      ...(options.meiliNice === undefined ? {} : { nice: options.meiliNice }),
    });
  } catch (error) {
    const owner = isOnscreenError(error, 'MEILI_UNAVAILABLE') ? error.details?.ownerPid : undefined;
    if (owner === undefined) throw error;
    throw new OnscreenError(
      ErrorCode.MEILI_UNAVAILABLE,
      `Another onscreen command (process ${String(owner)}) is using the search engine of ${options.dataDir} and does not share it. ` +
        'Run this command again when that one has finished, or start `onscreen serve` (its engine is shared), or set MEILI_URL and MEILI_MASTER_KEY.',
      { cause: error, details: { ownerPid: owner } },
    );
  }
}

/** Connects to Meilisearch (external, a running service's, or embedded), applies the segment index settings and returns it. */
export async function openSearchEngine(options: SearchEngineOptions): Promise<SearchEngine> {
  let embedded: EmbeddedMeilisearch | null = null;
  let withdraw = async () => {};
  let url = options.meiliUrl;
  let apiKey = options.meiliMasterKey;
  let source: SearchEngine['source'] = 'external';
  if ((url === undefined || url === '') && (options.meiliShards?.length ?? 0) < 2) {
    const dataDir = join(options.dataDir, 'meilisearch');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // an owner (serve, worker) starts its own: a Meilisearch left by a crashed owner is taken over by
    // startEmbeddedMeilisearch, never adopted; other commands use a running owner's
    const running = options.share ? undefined : await findRunningEngine(dataDir);
    if (running !== undefined) {
      ({ url, masterKey: apiKey } = running);
      source = 'shared';
    } else {
      embedded = await startEmbedded(options, dataDir);
      ({ url, masterKey: apiKey } = embedded);
      source = 'embedded';
      if (options.share) withdraw = await advertiseEngine(dataDir, embedded);
    }
  }
  const indexUid = options.indexUid ?? 'onscreen_segments';
  const shardUrls = options.meiliShards ?? [];
  const shardClients = shardUrls.length >= 2 ? shardUrls.map((shardUrl) => createMeiliClient({ url: shardUrl, apiKey })) : [];
  if (shardClients.length > 0) url = shardUrls.join(',');
  if (url === undefined) throw new OnscreenError(ErrorCode.INTERNAL, 'No Meilisearch URL was resolved.');
  const meili = shardClients[0] ?? createMeiliClient({ url, apiKey });
  const index =
    shardClients.length > 0
      ? createShardedSegmentIndex(shardClients.map((shard) => ({ client: shard.client, indexUid })))
      : createSegmentIndex({ client: meili.client, indexUid });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await withdraw();
      await Promise.all((shardClients.length > 0 ? shardClients : [meili]).map((client) => client.close()));
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
  const shownUrl = source === 'external' ? 'MEILI_URL' : url;
  const status = async (): Promise<SearchEngineStatus> => {
    const process = embedded?.status();
    if (process !== undefined && !process.running) {
      return {
        available: false,
        reason: `${process.reason ?? 'Meilisearch is not running'}; it is being restarted (restarts so far: ${process.restarts})`,
      };
    }
    const healthy = await index.health().catch(() => false);
    return healthy ? { available: true, reason: null } : { available: false, reason: `Meilisearch at ${shownUrl} does not answer` };
  };
  return {
    index,
    meili,
    url,
    embedded,
    source,
    status,
    get restarts() {
      return embedded?.restarts ?? 0;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
