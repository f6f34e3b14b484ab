/**
 * @onscreen/store — the durable side of onscreen: entries, accounts with their REACH profile and
 * credit, users and API tokens, automated rules, and OCR orders from creation through the worker's
 * leased claim to ready/error/aborted. One `OnscreenStore` interface, two backends: SQLite
 * (better-sqlite3, embedded default) and Postgres (pg, for many workers). It keeps each entry's segments and a search
 * outbox of the entries whose documents must be rebuilt, and leaves out search itself (Meilisearch, in @onscreen/indexer), HTTP and access to media files.
 */
export { openStore } from './open-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres.js';
export type { StoreBehaviourOptions } from './store.js';
export { DEFAULT_IDEMPOTENCY_KEY_TTL_MS } from './idempotency-keys.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { MAX_OCR_MATCH_IDS } from './entry-listing.js';
export type {
  BulkOrderResult,
  ChannelPatch,
  GalleryPatch,
  NewChannel,
  NewGallery,
  VisibleRule,
  CreditHistoryItem,
  RefusalReason,
  Claim,
  CreateOrdersInput,
  CreateOrdersResult,
  DurationCharge,
  EntryPatch,
  EntryProjection,
  EntryRecord,
  EntryScope,
  EntryStats,
  ListedItem,
  PlayCount,
  PlaylistPatch,
  ListedEntry,
  FailOrderInput,
  IssuedToken,
  ListEntriesOptions,
  NewEntry,
  NewRule,
  NewToken,
  NewUser,
  OnscreenStore,
  OrderAction,
  ReapOptions,
  SearchAccess,
  SearchChange,
  SearchChangeOutcome,
  SearchChangeReason,
  SearchOutboxStats,
  SearchProjectionSummary,
  StoredSegments,
  TokenInfo,
  TokenSummary,
} from './types.js';
