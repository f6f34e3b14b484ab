import type {
  CreateOrderRequest,
  ExtractedSegment,
  EntryLabels,
  EntryOcrStatus,
  EntrySearchField,
  EntrySort,
  MediaType,
  SortOrder,
  Visibility,
  CreateOrderRequestSchema,
  Entry,
  Messages,
  OcrOptionsInput,
  Order,
  OrderProgress,
  OrderStatus,
  Playlist,
  EntryDayStats,
  RefusalReason,
  ChannelPrivacy,
} from '@onscreen/core';
import type { Account, Channel, ChannelMember, ChannelRole, Gallery, Role, Rule, RuleRun, User } from './domain.js';

/** An entry as the store keeps it: the domain entry plus where its media lives. */
export interface EntryRecord extends Entry {
  filePath: string | null;
  sizeBytes: number | null;
  updatedAt: string;
  /** From the stored file's container; null when the entry has no file. */
  mediaType: MediaType | null;
  /** From the newest order that was not cancelled. */
  ocrStatus: EntryOcrStatus;
  /** Kept when an order is ready; null while not known (no ready order yet, or one from before labels were kept). */
  labels: EntryLabels | null;
  /** Plays counted by the service. */
  viewCount: number;
}

export interface NewEntry {
  id?: string;
  ownerId: string;
  title: string;
  description?: string;
  tags?: string[];
  categoryIds?: string[];
  visibility?: Entry['visibility'];
  durationMs?: number | null;
  filePath?: string | null;
  sizeBytes?: number | null;
  mediaType?: MediaType | null;
}

export type EntryPatch = Partial<Omit<NewEntry, 'id' | 'ownerId'>> & {
  /** Moves the entry to another user of its owner's account (search follows). */
  ownerId?: string;
};

/** What an order was charged once its worker knew how long the video is. */
export interface DurationCharge {
  /** Minutes the order holds in all. */
  chargedMinutes: number;
  /** Of those, minutes charged now because the video holds more than its header declared. */
  extraMinutes: number;
}

/** Why an entry's documents must be rebuilt (kept for operators; every reason is applied the same way). */
export type SearchChangeReason = 'entry' | 'segments' | 'delete' | 'reconcile' | 'lease-lost';

/** A row of the search outbox as a dispatcher claimed it. */
export interface SearchChange {
  entryId: string;
  reason: SearchChangeReason;
  /** Grows with every change of the entry; the row is done only if it still has this version. */
  version: number;
  /** The media file of a deleted entry, to remove once the index no longer holds the entry. */
  filePath: string | null;
  /** Failed applications so far (the backoff grows with them). */
  attempts: number;
  lastError: string | null;
}

/** done: removed; changed: a newer change came in (applied again); lost: the lease expired (marked again). */
export type SearchChangeOutcome = 'done' | 'changed' | 'lost';

/** The segments of an entry's last ready order: what its documents are built from. */
export interface StoredSegments {
  orderId: string | null;
  language: string;
  segments: ExtractedSegment[];
}

/** An entry and its segments as the store holds them now; segments null: none recorded (indexed before the outbox). */
export interface EntryProjection {
  entry: EntryRecord | null;
  segments: StoredSegments | null;
}

export interface SearchProjectionSummary {
  entry: EntryRecord;
  /** Segments recorded for the entry; null: none recorded. */
  segmentCount: number | null;
}

/** Who may see an entry's documents now, as the store holds it. */
export interface SearchAccess {
  ownerId: string;
  visibility: 'private' | 'published';
  title: string;
}

export interface SearchOutboxStats {
  /** Entries waiting to be applied. */
  pending: number;
  /** Of those, entries whose last application failed. */
  failing: number;
  /** Age of the oldest waiting entry, in ms (0 when none). */
  oldestAgeMs: number;
}

/** Whose entries a list shows: one owner's, or (for an admin) every entry of an account, optionally one owner's. */
export type EntryScope = { ownerId: string } | { accountId: string; ownerId?: string };

export interface ListEntriesOptions {
  /** Case-insensitive substring of the fields `searchIn` names (wildcards are literal). */
  q?: string;
  /** Default 'all': title, description, tags, categories, id, and the entries in `ocrMatchIds`. */
  searchIn?: EntrySearchField;
  /**
   * Entries whose on-screen text matches `q` (the caller asks the segment index): with `searchIn` 'all'
   * they match besides the metadata, with 'ocr' they are the only matches. At most 10 000.
   */
  ocrMatchIds?: readonly string[];
  /** Default 'created'; ties are broken by creation order. */
  sort?: EntrySort;
  /** Default 'desc'. An unknown duration counts as shorter than any known one. */
  order?: SortOrder;
  visibility?: Visibility;
  mediaType?: MediaType;
  ocrStatus?: EntryOcrStatus;
  categoryId?: string;
  /** Default 20, at most 100. */
  limit?: number;
  offset?: number;
}

/** A listed entry: with its newest order (any status), read for the page only. */
export interface ListedEntry extends EntryRecord {
  latestOrder: { id: string; status: OrderStatus; createdAt: string } | null;
}

/** An entry of a playlist or the Watch List, with when it was added. */
export interface ListedItem {
  entry: EntryRecord;
  addedAt: string;
}

/** What PATCH of a playlist may change; `entryIds` reorders (those named first, in that order). */
export interface PlaylistPatch {
  name?: string;
  description?: string;
  entryIds?: readonly string[];
}

/** An entry's analytics: its running play count, every search that led to it, and the days asked for. */
export interface EntryStats {
  viewCount: number;
  searchLeadCount: number;
  /** Days with counts, oldest first (days without any are left out). */
  days: EntryDayStats[];
}

/** counted; recent: this user's play was counted within the window; missing: no such entry. */
export type PlayCount = 'counted' | 'recent' | 'missing';

/** A side effect tied to an order, cancelled with it in the same transaction. */
export interface OrderAction {
  id: string;
  orderId: string;
  kind: 'credit_hold' | 'notification';
  status: 'active' | 'done' | 'cancelled';
  amountMinutes: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateOrdersInput {
  accountId: string;
  requesterId: string;
  /** Parsed here with CreateOrderRequestSchema; defaults (machine, ocr, best_effort …) apply. */
  request: (typeof CreateOrderRequestSchema)['_zod']['input'] | CreateOrderRequest;
}

export type { RefusalReason };

/** What happened to one entry of a bulk order; `title` only when the requester may see the entry. */
export type BulkOrderResult =
  | { entryId: string; title: string | null; outcome: 'ordered'; order: Order }
  | { entryId: string; title: string | null; outcome: 'refused'; reason: RefusalReason };

/** One order's REACH credit: held while it waits or runs, charged when ready, refunded when cancelled or in error. */
export interface CreditHistoryItem {
  orderId: string;
  entryId: string;
  requesterId: string;
  orderStatus: OrderStatus;
  minutes: number;
  credit: 'held' | 'charged' | 'refunded';
  heldAt: string;
  /** When it was charged or refunded; null while held. */
  settledAt: string | null;
}

export interface CreateOrdersResult {
  orders: Order[];
  message: typeof Messages.ORDER_RECEIVED;
}

export interface Claim {
  order: Order;
  leaseToken: string;
}

export interface FailOrderInput {
  code: string;
  details: string;
  /** False for bad media: straight to error, never retried. */
  retryable: boolean;
  /** How long a retried order waits before it can be claimed again. Default 0. */
  backoffMs?: number;
  /** Attempts allowed in all (the store's `maxAttempts` by default). */
  maxAttempts?: number;
}

export interface ReapOptions {
  /** An order whose lease expired on this attempt ends in error; before it, it is queued again. */
  maxAttempts: number;
  /**
   * How long a requeued order waits before it can be claimed again, in ms: one wait for every attempt,
   * or a schedule by the attempt that lost its lease (`[0]` after attempt 1, …; the last entry for later ones).
   */
  backoffMs: number | readonly number[];
  /**
   * Each order's wait is drawn at random from `[(1 − jitterRatio) × wait, wait]`, so orders whose leases
   * expired together (a worker machine died) do not all return at the same instant. 0 … 1, default 0.
   */
  jitterRatio?: number;
}

export interface NewRule {
  accountId: string;
  /** The gallery's (or a bare category's) or the channel's id. */
  categoryId: string;
  /** Default 'gallery'; a channel must be one of the account's. */
  target?: Rule['target'];
  service?: Rule['service'];
  feature?: Rule['feature'];
  sourceLanguage?: string;
  turnaroundTime?: Rule['turnaroundTime'];
  ocr?: Partial<OcrOptionsInput>;
}

/** A rule as a user sees it: `canManage` when they may delete it and read its history. */
export interface VisibleRule extends Rule {
  canManage: boolean;
}

export interface NewGallery {
  /** Default: a new `gal_…` id; an existing category id names that category (its entries and rules stay). */
  id?: string;
  name: string;
  description?: string;
}

export type GalleryPatch = Partial<Pick<NewGallery, 'name' | 'description'>>;

export interface NewChannel {
  name: string;
  description?: string;
  /** Default 'private': its members only. */
  privacy?: ChannelPrivacy;
}

export type ChannelPatch = Partial<NewChannel>;

/** How a new API token is made. Without `ttlMs` or `expiresAt` it works until it is revoked. */
export interface NewToken {
  /** A caller-chosen token (16–200 printable characters, no spaces) instead of a generated `ons_…` one. */
  token?: string;
  /** Lifetime in ms (1 ms … 100 years), counted from database time when the token is issued. */
  ttlMs?: number;
  /** The instant the token stops working (a past one is allowed); null: none. With `ttlMs`, the earlier wins. */
  expiresAt?: Date | null;
}

/** A token as issued: shown once, then only its SHA-256 is kept. */
export interface IssuedToken {
  token: string;
  /** ISO 8601 instant from which the token is refused; null: it never expires (until revoked). */
  expiresAt: string | null;
}

/** A token that works now: whose it is, its id, and when it stops working (null: never). */
export interface TokenInfo {
  user: User;
  tokenId: string;
  expiresAt: string | null;
}

/** A token as listed: what it is and when, never the secret or its hash. Instants are ISO 8601. */
export interface TokenSummary {
  id: string;
  createdAt: string;
  /** Null: it never expires (until revoked). */
  expiresAt: string | null;
  /** Null: not revoked. */
  revokedAt: string | null;
}

export interface NewUser extends NewToken {
  id?: string;
  accountId: string;
  name: string;
  /** Default 'user'. */
  role?: Role;
}

export interface OnscreenStore extends AsyncDisposable {
  readonly backend: 'sqlite' | 'postgres';
  // accounts, users, tokens
  createAccount(input: { id?: string; name: string; reach?: { enabled: boolean; creditMinutes?: number | null } }): Promise<Account>;
  getAccount(id: string): Promise<Account | null>;
  /** Turns REACH on or off; `creditMinutes` undefined keeps the credit, null means unlimited. */
  setReach(accountId: string, reach: { enabled: boolean; creditMinutes?: number | null }): Promise<Account>;
  /** A user and their first token (chosen or generated, with an optional expiry), returned once. */
  createUser(input: NewUser): Promise<{ user: User } & IssuedToken>;
  /** Issues another token for a user and returns it (a string is short for `{ token }`). */
  addUserToken(userId: string, options?: string | NewToken): Promise<string>;
  /** Issues another token for a user and returns it with its expiry. */
  issueToken(userId: string, options?: NewToken): Promise<IssuedToken>;
  getUser(id: string): Promise<User | null>;
  /** An account's users by name, at most 1 000; `q`: a case-insensitive part of the name. */
  listUsers(accountId: string, q?: string): Promise<User[]>;
  /** The names of these users (owners of a page of results), in one query; unknown ids are left out. At most 1 000 ids. */
  getUserNames(ids: readonly string[]): Promise<Map<string, string>>;
  /** The user of a token that works now; null for unknown, revoked and expired tokens (judged in database time). */
  authenticate(token: string): Promise<User | null>;
  /** As `authenticate`, with the token's expiry. */
  inspectToken(token: string): Promise<TokenInfo | null>;
  /** Ends a token, expired or not; false when it was unknown or already revoked. */
  revokeToken(token: string): Promise<boolean>;
  /** The user's tokens, newest first, revoked and expired ones too (until swept): ids and dates only. */
  listTokens(userId: string): Promise<TokenSummary[]>;
  /** Ends one of the user's own tokens by id, expired or not; false when unknown, another user's or already revoked. */
  revokeTokenById(userId: string, tokenId: string): Promise<boolean>;
  // entries
  createEntry(input: NewEntry): Promise<EntryRecord>;
  getEntry(id: string): Promise<EntryRecord | null>;
  /** A page of entries (a string scope is an owner id) and how many match in all. */
  listEntries(scope: string | EntryScope, options?: ListEntriesOptions): Promise<{ entries: ListedEntry[]; total: number }>;
  /** Keeps an entry's labels; false when there is no such entry. */
  setEntryLabels(entryId: string, labels: EntryLabels): Promise<boolean>;
  /** Counts one play of an entry (and of its day); false when there is no such entry. */
  countEntryView(entryId: string): Promise<boolean>;
  /** Counts a user's play of an entry unless one of theirs was counted less than `windowMs` ago (database time). */
  countEntryPlay(entryId: string, userId: string, windowMs: number): Promise<PlayCount>;
  /**
   * Counts that a search (`searchId`, issued by the service) led the user to the entry, once per search,
   * entry and user; remembered for `keepMs`. False when already counted or there is no such entry.
   */
  countSearchLead(input: { entryId: string; userId: string; searchId: string; keepMs: number }): Promise<boolean>;
  /** Totals and the per-day counts from `sinceDay` (YYYY-MM-DD, UTC) on; null when there is no such entry. */
  getEntryStats(entryId: string, sinceDay: string): Promise<EntryStats | null>;
  // playlists and the Watch List: the user's own; another user's playlist is NOT_FOUND
  createPlaylist(userId: string, input: { name: string; description?: string }): Promise<Playlist>;
  /** Newest first. */
  listPlaylists(userId: string): Promise<Playlist[]>;
  /** With the entries the user may see now, in order. */
  getPlaylist(userId: string, id: string): Promise<{ playlist: Playlist; entries: ListedItem[] }>;
  updatePlaylist(userId: string, id: string, patch: PlaylistPatch): Promise<Playlist>;
  /** False when there was none of the user's. */
  deletePlaylist(userId: string, id: string): Promise<boolean>;
  /** Appends entries the user may see (all checked first: one they may not see is NOT_FOUND); ones held already stay. */
  addPlaylistEntries(userId: string, id: string, entryIds: readonly string[]): Promise<{ added: string[]; already: string[] }>;
  removePlaylistEntry(userId: string, id: string, entryId: string): Promise<boolean>;
  /** Adds an entry the user may see (else NOT_FOUND); `added` false when it was there already. */
  addToWatchList(userId: string, entryId: string): Promise<{ added: boolean; addedAt: string }>;
  removeFromWatchList(userId: string, entryId: string): Promise<boolean>;
  /** Newest first; entries the user may no longer see are left out. */
  listWatchList(userId: string): Promise<ListedItem[]>;
  updateEntry(id: string, patch: EntryPatch): Promise<EntryRecord>;
  /** Deletes the entry and cancels its pending orders; false when there was none. */
  deleteEntry(id: string): Promise<boolean>;
  // rules
  addRule(input: NewRule): Promise<Rule>;
  listRules(accountId: string): Promise<Rule[]>;
  deleteRule(id: string, accountId: string): Promise<boolean>;
  listRuleRuns(accountId: string): Promise<RuleRun[]>;
  /** The rules the user sees: the account's gallery rules, and rules of channels they see. */
  listRulesAs(actorId: string): Promise<VisibleRule[]>;
  /** A rule on a gallery (admins) or a channel (its owner, managers and the account's admins); FORBIDDEN otherwise. */
  addRuleAs(actorId: string, input: Omit<NewRule, 'accountId'>): Promise<Rule>;
  /** False when there is no such rule the user sees; FORBIDDEN when they see it but may not manage it. */
  deleteRuleAs(actorId: string, ruleId: string): Promise<boolean>;
  /** A rule's history, newest first (at most `limit`, ≤ 1 000), for those who may manage the rule. */
  listRuleHistory(actorId: string, ruleId: string, limit?: number): Promise<RuleRun[]>;
  // galleries (account-wide named categories); the API lets admins change them
  createGallery(accountId: string, input: NewGallery): Promise<Gallery>;
  listGalleries(accountId: string): Promise<Gallery[]>;
  updateGallery(accountId: string, id: string, patch: GalleryPatch): Promise<Gallery>;
  /** Deletes it and its rules; its entries leave it. False when there was none. */
  deleteGallery(accountId: string, id: string): Promise<boolean>;
  // channels: every method acts as a user and applies channel-access.ts (NOT_FOUND for a channel hidden from them)
  createChannel(actorId: string, input: NewChannel): Promise<Channel>;
  listChannels(actorId: string): Promise<Channel[]>;
  getChannel(actorId: string, channelId: string): Promise<Channel>;
  updateChannel(actorId: string, channelId: string, patch: ChannelPatch): Promise<Channel>;
  deleteChannel(actorId: string, channelId: string): Promise<void>;
  listChannelMembers(actorId: string, channelId: string): Promise<ChannelMember[]>;
  /** Adds a user of the account (or changes their role); answers the members. */
  setChannelMember(actorId: string, channelId: string, userId: string, role: ChannelMember['role']): Promise<ChannelMember[]>;
  removeChannelMember(actorId: string, channelId: string, userId: string): Promise<boolean>;
  /** Adds an entry the user may change; `added` false when it was already in (no rule runs again). */
  addChannelEntry(actorId: string, channelId: string, entryId: string): Promise<{ entry: EntryRecord; added: boolean }>;
  removeChannelEntry(actorId: string, channelId: string, entryId: string): Promise<EntryRecord>;
  /** Newest first; the entries the user may look at (published, own; admins: all). Default 50, at most 200. */
  listChannelEntries(
    actorId: string,
    channelId: string,
    page?: { limit?: number; offset?: number },
  ): Promise<{ entries: EntryRecord[]; total: number }>;
  /** For each id that names a channel, the user's role in it (null: hidden from them); other ids are left out. */
  channelRoles(actorId: string, ids: readonly string[]): Promise<Map<string, ChannelRole | null>>;
  // orders
  createOrders(input: CreateOrdersInput): Promise<CreateOrdersResult>;
  /** A bulk order answered entry by entry: each is ordered or refused with its reason, in request order. */
  createOrdersEach(input: CreateOrdersInput): Promise<BulkOrderResult[]>;
  listEntryOrders(entryId: string, userId: string): Promise<Order[]>;
  getOrder(id: string, userId: string): Promise<Order>;
  listOrderActions(orderId: string): Promise<OrderAction[]>;
  cancelOrder(id: string, userId: string): Promise<Order>;
  /** A new order like one in error (same entry and options); the one in error is kept. */
  retryOrder(id: string, userId: string): Promise<Order>;
  /** The account's REACH credit order by order, newest first (at most `limit`, ≤ 1 000). */
  listCreditHistory(accountId: string, limit?: number): Promise<CreditHistoryItem[]>;
  countOrdersByStatus(): Promise<Record<OrderStatus, number>>;
  // search outbox (the index follows the store)
  /** Records the order's segments as its entry's and marks the entry for the dispatcher; fenced by the lease. Returns the mark's version. */
  commitOrderSegments(
    orderId: string,
    leaseToken: string,
    input: { segments: readonly ExtractedSegment[]; language: string },
  ): Promise<number>;
  /** Leases up to `limit` due outbox rows (or the row of `entryId`, due or not) to `owner` for `leaseMs`. */
  claimSearchChanges(input: { owner: string; leaseMs: number; limit: number; entryId?: string }): Promise<SearchChange[]>;
  completeSearchChange(entryId: string, owner: string, version: number): Promise<SearchChangeOutcome>;
  /** Releases a row whose application failed; it is due again after `backoffMs`. False when the lease was gone. */
  failSearchChange(entryId: string, owner: string, input: { error: string; backoffMs: number }): Promise<boolean>;
  /** Marks entries (existing or deleted) for the dispatcher, e.g. drift found by reconcile. */
  markSearchChanges(entryIds: readonly string[], reason: SearchChangeReason): Promise<void>;
  /** The entry's outbox row, leased or not; null when nothing is waiting. */
  getSearchChange(entryId: string): Promise<SearchChange | null>;
  getEntryProjection(entryId: string): Promise<EntryProjection>;
  /** Entries in id order after `afterId`, with their recorded segment counts. */
  listSearchProjection(afterId: string, limit: number): Promise<SearchProjectionSummary[]>;
  searchOutboxStats(): Promise<SearchOutboxStats>;
  /** Owner, visibility and title of these entries now (at most 1 000 ids; unknown ids left out), in one query. */
  getSearchAccess(entryIds: readonly string[]): Promise<Map<string, SearchAccess>>;
  /**
   * Charges the order for the duration its worker read when that is longer than what was held (a header
   * that claims less than the file holds); INSUFFICIENT_CREDIT when the credit does not cover it. Fenced.
   */
  chargeOrderDuration(orderId: string, leaseToken: string, durationMs: number): Promise<DurationCharge>;
  // worker side
  claimNextOrder(input: { workerId: string; leaseMs: number }): Promise<Claim | null>;
  heartbeat(orderId: string, leaseToken: string, leaseMs: number): Promise<void>;
  reportProgress(orderId: string, leaseToken: string, progress: OrderProgress): Promise<void>;
  /** Ready; `labels` (the entry's, computed by the worker from the segments it indexed) are kept with the entry. */
  completeOrder(orderId: string, leaseToken: string, result: { segmentCount: number; labels?: EntryLabels }): Promise<Order>;
  failOrder(orderId: string, leaseToken: string, failure: FailOrderInput): Promise<Order>;
  releaseOrder(orderId: string, leaseToken: string): Promise<Order>;
  reapExpiredLeases(options: ReapOptions): Promise<number>;
  /** Idempotent: the first call closes, later calls return the same promise. */
  close(): Promise<void>;
}
