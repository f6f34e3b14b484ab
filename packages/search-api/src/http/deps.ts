import type { MeiliClient, SegmentIndex } from '@onscreen/indexer';
import type { OnscreenStore } from '@onscreen/store';
import type { SearchDispatcher } from '@onscreen/worker';
import type { Capabilities } from './capabilities.js';
import type { ThumbnailQueue } from './thumbnail-queue.js';
import type { MetricsGauges } from './metrics.js';

/** Caps that keep one request from costing too much. */
export interface HttpLimits {
  /** JSON bodies. Default 1 MiB. */
  bodyBytes: number;
  /** One uploaded video. Default 2 GiB. */
  uploadBytes: number;
  /** Most bytes the media folder may hold (uploads that would pass it are refused). Default: no quota. */
  mediaQuotaBytes: number;
  /** Path plus query string. Default 4 096 characters. */
  urlLength: number;
  /** Requests per verified user (or per client address, for requests no token verifies) per minute. Default 600. */
  requestsPerMinute: number;
  /** Requests of all users of one account together per minute (minting users does not add allowance). Default 3 000. */
  accountRequestsPerMinute: number;
  /** Most entries per page of GET /v1/entries (1 … 100). Default 100. */
  maxEntriesPageSize: number;
  /** Time for a client to send its request headers. Default 10 000 ms. */
  headersTimeoutMs: number;
  /** Time for a JSON body to arrive once the headers have. Default 30 000 ms. */
  bodyTimeoutMs: number;
  /** Time for a whole request, an upload included. Default 3 600 000 ms (1 h: 2 GiB at 600 kB/s). */
  uploadTimeoutMs: number;
  /** A connection that sends and receives nothing for this long is closed. Default 60 000 ms. */
  idleTimeoutMs: number;
  /** Open connections from one client address; more are closed at once. Default 128. */
  maxConnectionsPerAddress: number;
  /** Open connections in all. Default 4 096. */
  maxConnections: number;
  /** Thumbnail ffmpeg processes at once (one queue for the service, users served in turn). Default 2. */
  thumbnailConcurrency: number;
  /** Thumbnails one user may have waiting to be made; more answer 429. Default 16. */
  thumbnailQueuePerUser: number;
  /** Thumbnails waiting in all; more answer 429. Default 64. */
  thumbnailQueueTotal: number;
  /** Longest a thumbnail waits for an ffmpeg slot before it answers 429. Default 20 000 ms. */
  thumbnailMaxWaitMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  bodyBytes: 1024 * 1024,
  uploadBytes: 2 * 1024 ** 3,
  mediaQuotaBytes: Number.POSITIVE_INFINITY,
  urlLength: 4096,
  requestsPerMinute: 600,
  accountRequestsPerMinute: 3000,
  maxEntriesPageSize: 100,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  uploadTimeoutMs: 3_600_000,
  idleTimeoutMs: 60_000,
  maxConnectionsPerAddress: 128,
  maxConnections: 4096,
  thumbnailConcurrency: 2,
  thumbnailQueuePerUser: 16,
  thumbnailQueueTotal: 64,
  thumbnailMaxWaitMs: 20_000,
};

/** What the HTTP service is built from; it owns none of it (the caller closes them). */
export interface HttpDeps {
  store: OnscreenStore;
  index: SegmentIndex;
  /** The client behind `index`, for reading an entry's segments (labels, exports). */
  meili: MeiliClient['client'];
  /** Uploaded media go to `<dataDir>/media`, thumbnails to `<dataDir>/thumbnails`. */
  dataDir: string;
  ffmpegPath: string;
  ffprobePath: string;
  limits?: Partial<HttpLimits>;
  /**
   * The search outbox dispatcher of this process (serve shares its own with the OCR worker). Default: the
   * app makes one, started with it and closed with it, that removes a deleted entry's files from `dataDir`.
   */
  dispatcher?: SearchDispatcher;
  /**
   * How long PATCH and DELETE of an entry wait for search to follow before they answer, in ms; they answer
   * success once the store committed either way (search follows within seconds). Default 2 000.
   */
  searchFollowMs?: number;
  /**
   * Whether search can answer, and why not (serve: the embedded engine's supervisor, then a health
   * request). Default: a health request to `index`. `/readyz` answers 503 with the reason.
   */
  searchStatus?: () => Promise<{ available: boolean; reason: string | null }>;
  /** Figures of this process for `/metrics` beside the store's: engine restarts, drift found by the last reconcile. */
  gauges?: MetricsGauges;
  /** Fastify logger option: false in tests, true (JSON to stdout) or a pino config in serve. */
  logger?: boolean | Record<string, unknown>;
  /** Served at `/` when the folder exists (the web page, a later issue). */
  webDistDir?: string;
  /**
   * The worker token (ONSCREEN_WORKER_TOKEN): with it, OCR workers on other machines read media by URLs
   * they sign with it (GET /v1/worker/media/:id). Without it that route does not exist.
   */
  workerToken?: string | undefined;
  /**
   * The key that signs capabilities (the `cap` of media and thumbnail URLs): at least 32 bytes, the same
   * for every API process behind one address. Default: random for this process.
   */
  capabilityKey?: Uint8Array;
  /** How long a capability works, in seconds (60 … 86 400). Default 600. */
  capabilityTtlSeconds?: number;
  /**
   * Who may read `/metrics`: with `token`, only `Authorization: Bearer <token>` (not an API token);
   * `onApiPort: false` leaves it off this app (served on another address, see `startMetricsServer`).
   * Default: open on the API port.
   */
  metrics?: { token?: string; onApiPort?: boolean };
}

export interface ResolvedHttpDeps extends HttpDeps {
  limits: HttpLimits;
  dispatcher: SearchDispatcher;
  capabilities: Capabilities;
  thumbnailQueue: ThumbnailQueue;
}
