import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createOrderWorker, type OrderWorker, type OrderWorkerEvent } from '@onscreen/worker';
import { type OnscreenStore, openStore } from '@onscreen/store';
import { openSearchEngine, type SearchEngine } from '../engine/search-engine.js';
import { createHttpApp, type HttpApp } from '../http/app.js';
import type { HttpLimits } from '../http/deps.js';
import type { ServeConfig } from './config.js';
import { type DemoSeed, seedDemo } from './demo-seed.js';
import { collectSetupReport, redactUrl, resolveMediaTools, type SetupReport } from './setup-report.js';

import { WEB_DIST_DIR } from '../package-files.js';
import { sweepOrphanMedia } from '../http/media-files.js';

/** How long requests in flight may take to finish when the service stops. */
const HTTP_DRAIN_MS = 5_000;

export interface OnscreenServiceOptions {
  signal?: AbortSignal;
  onWorkerEvent?: (event: OrderWorkerEvent) => void;
  limits?: Partial<HttpLimits>;
  /** Worker knobs for tests (poll quickly). */
  worker?: { pollMs?: number; leaseMs?: number };
}

export interface OnscreenService {
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
  readonly port: number;
  readonly store: OnscreenStore;
  readonly engine: SearchEngine;
  readonly http: HttpApp;
  readonly worker: OrderWorker;
  readonly demo: DemoSeed;
  /** The binaries, Meilisearch, store and OCR languages in use (printed at start-up). */
  readonly setup: SetupReport;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
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
    await mkdir(config.dataDir, { recursive: true });
    const tools = resolveMediaTools(config);
    const ffmpegPath = tools.ffmpeg.path;
    const ffprobePath = tools.probe.path;
    const engine = await openSearchEngine({
      meiliUrl: config.meiliUrl,
      meiliMasterKey: config.meiliMasterKey,
      indexUid: config.indexUid,
      dataDir: config.dataDir,
      signal: options.signal,
      share: true,
    });
    closers.push(() => engine.close());
    const storeLocation = config.databaseUrl ?? join(config.dataDir, 'onscreen.sqlite');
    const store = await openStore(storeLocation, {
      idempotencyKeyTtlMs: config.idempotencyKeyTtlSeconds * 1000,
    });
    closers.push(() => store.close());
    const setup = await collectSetupReport(tools, engine, { backend: store.backend, location: redactUrl(storeLocation) });
    const http = await createHttpApp({
      store,
      index: engine.index,
      meili: engine.meili.client,
      dataDir: config.dataDir,
      ffmpegPath,
      ffprobePath,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
      webDistDir: WEB_DIST_DIR,
      workerToken: config.workerToken,
      corsOrigins: config.corsOrigins?.includes('*') ? '*' : config.corsOrigins,
      limits: { ...(config.mediaQuotaBytes === undefined ? {} : { mediaQuotaBytes: config.mediaQuotaBytes }), ...options.limits },
    });
    const worker = createOrderWorker({
      store,
      index: engine.index,
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
      const cut = setTimeout(() => http.app.server.closeAllConnections(), HTTP_DRAIN_MS);
      try {
        await Promise.all([worker.close(), http.app.close()]);
      } finally {
        clearTimeout(cut);
      }
    });
    // `--no-worker`: the API alone; OCR workers run elsewhere (`onscreen worker`), the worker is never started
    if (config.runWorker) worker.start();
    await sweepOrphanMedia(config.dataDir, store);
    const demo = await seedDemo({ store, dataDir: config.dataDir, ffprobePath, samples: config.samples, demoToken: config.demoToken });
    await http.app.listen({ port: config.port, host: config.host });
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
      store,
      engine,
      http,
      worker,
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
