import { chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createOrderWorker,
  createSearchDispatcher,
  type OrderWorker,
  type OrderWorkerEvent,
  type SearchDispatcher,
} from '@onscreen/worker';
import { type OnscreenStore, openStore } from '@onscreen/store';
import { openSearchEngine, type SearchEngine } from '../engine/search-engine.js';
import { createHttpApp, type HttpApp } from '../http/app.js';
import type { HttpLimits } from '../http/deps.js';
import type { ServeConfig } from './config.js';
import { type DemoSeed, seedDemo } from './demo-seed.js';
import { collectSetupReport, redactUrl, resolveMediaTools, type SetupReport } from './setup-report.js';

import { WEB_DIST_DIR } from '../package-files.js';
import { removeEntryFiles, sweepOrphanMedia } from '../http/media-files.js';
import { newCapabilityKey } from '../http/capabilities.js';
import { startMetricsServer } from '../http/metrics-server.js';
import { type ReconcileSchedule, startReconcileSchedule } from './reconcile-schedule.js';

/** How long requests in flight (uploads too) may take to finish when the service stops. */
const HTTP_DRAIN_MS = 30_000;

export interface OnscreenServiceOptions {
  signal?: AbortSignal;
  onWorkerEvent?: (event: OrderWorkerEvent) => void;
  limits?: Partial<HttpLimits>;
  /** Worker knobs for tests (poll quickly). */
  worker?: { pollMs?: number; leaseMs?: number };
  /** How long requests in flight may take to finish on close (SIGTERM), in ms. Default 30 000. */
  drainMs?: number;
  /** How often serve compares the store with the search index and repairs drift, in ms. Default: ONSCREEN_RECONCILE_MINUTES (10; 0: never on its own). */
  reconcileEveryMs?: number;
}

export interface OnscreenService {
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
  readonly port: number;
  /** `/metrics` on its own address (ONSCREEN_METRICS_LISTEN); null: it is on the API's port. */
  readonly metricsUrl: string | null;
  readonly store: OnscreenStore;
  readonly engine: SearchEngine;
  readonly http: HttpApp;
  readonly worker: OrderWorker;
  /** Carries the store's changes to Meilisearch (the search outbox); runs with or without the OCR worker. */
  readonly dispatcher: SearchDispatcher;
  /** Reconcile at start-up and on a schedule (its last drift is on /metrics). */
  readonly reconcile: ReconcileSchedule;
  readonly demo: DemoSeed;
  /** The binaries, Meilisearch, store and OCR languages in use (printed at start-up). */
  readonly setup: SetupReport;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The data directory is its user's alone (0700), whether this start made it or found it. */
async function makePrivateDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
}

/**
 * The key that signs media and thumbnail capabilities, kept in the data directory (0600) so that links a
 * page holds survive a restart. Several API processes behind one address share ONSCREEN_CAPABILITY_KEY.
 */
async function capabilityKeyFile(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, 'capability-key');
  const known = await readFile(file).catch(() => null);
  if (known !== null && known.length >= 32) return known;
  const key = newCapabilityKey();
  await writeFile(file, key, { mode: 0o600 });
  return key;
}

/** Creates the file empty with mode 0600 when missing (SQLite gives its WAL and shared-memory files the same mode). */
async function createPrivateFile(file: string): Promise<void> {
  await (await open(file, 'a', 0o600)).close();
}

const shownHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

/**
 * Everything `onscreen serve` runs, started in order — search engine, store, HTTP app, worker, demo
 * data, listening socket — and closed in reverse: stop intake, stop the worker (in-flight orders go
 * back to pending), close the store, stop Meilisearch. A failed start closes what it had started.
 */
export async function startOnscreenService(config: ServeConfig, options: OnscreenServiceOptions = {}): Promise<OnscreenService> {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    await makePrivateDataDir(config.dataDir);
    const tools = resolveMediaTools(config);
    const ffmpegPath = tools.ffmpeg.path;
    const ffprobePath = tools.probe.path;
    const engine = await openSearchEngine({
      meiliUrl: config.meiliUrl,
      meiliMasterKey: config.meiliMasterKey,
      meiliMaxIndexingMemory: config.meiliMaxIndexingMemory,
      meiliMaxIndexingThreads: config.meiliMaxIndexingThreads,
      meiliNice: config.meiliNice,
      meiliShards: config.meiliShards,
      indexUid: config.indexUid,
      dataDir: config.dataDir,
      signal: options.signal,
      share: true,
    });
    closers.push(() => engine.close());
    const storeLocation = config.databaseUrl ?? join(config.dataDir, 'onscreen.sqlite');
    if (config.databaseUrl === undefined) await createPrivateFile(storeLocation);
    const store = await openStore(storeLocation, {
      idempotencyKeyTtlMs: config.idempotencyKeyTtlSeconds * 1000,
    });
    closers.push(() => store.close());
    let schedule: ReconcileSchedule | undefined;
    const dispatcher = createSearchDispatcher({
      store,
      index: engine.index,
      onEntryGone: (change) => removeEntryFiles(config.dataDir, { id: change.entryId, filePath: change.filePath }),
    });
    closers.push(() => dispatcher.close());
    const setup = await collectSetupReport(tools, engine, { backend: store.backend, location: redactUrl(storeLocation) });
    const http = await createHttpApp({
      store,
      index: engine.index,
      dispatcher,
      meili: engine.meili.client,
      dataDir: config.dataDir,
      ffmpegPath,
      ffprobePath,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
      webDistDir: WEB_DIST_DIR,
      workerToken: config.workerToken,
      corsOrigins: config.corsOrigins?.includes('*') ? '*' : config.corsOrigins,
      capabilityKey: config.capabilityKey ? Buffer.from(config.capabilityKey, 'base64') : await capabilityKeyFile(config.dataDir),
      metrics: { token: config.metricsToken, onApiPort: config.metricsListen === undefined },
      searchStatus: () => engine.status(),
      gauges: { engineRestarts: () => engine.restarts, searchDrift: () => schedule?.lastDrift ?? null },
      limits: { ...(config.mediaQuotaBytes === undefined ? {} : { mediaQuotaBytes: config.mediaQuotaBytes }), ...options.limits },
    });
    const worker = createOrderWorker({
      store,
      index: engine.index,
      dispatcher,
      concurrency: config.workerConcurrency,
      ffmpegPath,
      ffprobePath,
      ...options.worker,
      onEvent: (event) => {
        if (event.type === 'ready') http.metrics.addOcrFrames(event.framesOcred);
        options.onWorkerEvent?.(event);
      },
    });
    // Closed first, together: the worker stops claiming (in-flight orders are released or finished) while
    // the socket stops taking requests and lets those in flight finish — for at most HTTP_DRAIN_MS, after
    // which connections still open (a client keeping one alive) are cut.
    closers.push(async () => {
      const cut = setTimeout(() => http.app.server.closeAllConnections(), options.drainMs ?? HTTP_DRAIN_MS);
      try {
        await Promise.all([worker.close(), http.app.close()]);
      } finally {
        clearTimeout(cut);
      }
    });
    // `--no-worker`: the API alone; OCR workers run elsewhere (`onscreen worker`), the worker is never started
    if (config.runWorker) worker.start();
    dispatcher.start();
    await sweepOrphanMedia(config.dataDir, store, undefined, async (id) => (await store.getSearchChange(id)) !== null);
    const demo = await seedDemo({ store, dataDir: config.dataDir, ffprobePath, samples: config.samples, demoToken: config.demoToken });
    await http.app.listen({ port: config.port, host: config.host });
    const reconcile = startReconcileSchedule({
      store,
      index: engine.index,
      dataDir: config.dataDir,
      dispatcher,
      everyMs: options.reconcileEveryMs ?? (config.reconcileMinutes === 0 ? null : config.reconcileMinutes * 60_000),
      onError: (error) => http.app.log.warn(`reconcile failed: ${(error as Error).message}`),
    });
    schedule = reconcile;
    closers.push(() => reconcile.close());
    const metricsServer =
      config.metricsListen && (await startMetricsServer(http.metrics, { ...config.metricsListen, token: config.metricsToken }));
    if (metricsServer) closers.push(() => metricsServer.close());
    const address = http.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= closeAll();
      return closing;
    };
    return {
      url: `http://${shownHost(config.host)}:${port}`,
      port,
      metricsUrl: metricsServer ? metricsServer.url : null,
      store,
      engine,
      http,
      worker,
      dispatcher,
      reconcile,
      demo,
      setup,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
