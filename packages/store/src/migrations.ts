import { all, run, type Step } from './sql/steps.js';

/**
 * Versioned schema. Statements use `{serial_pk}` (an auto-incrementing primary key: newest-first
 * ordering without relying on clock ties) and otherwise SQL both SQLite and Postgres accept.
 * Never edit a shipped migration; add the next version.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, users, tokens, entries, orders, actions, idempotency keys, rules',
    statements: [
      `CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL,
        reach_enabled INTEGER NOT NULL DEFAULT 0, credit_minutes BIGINT, created_at TEXT NOT NULL)`,
      `CREATE TABLE users (id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('admin', 'user')), created_at TEXT NOT NULL)`,
      `CREATE TABLE api_tokens (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
        token_sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT)`,
      `CREATE TABLE entries (seq {serial_pk}, id TEXT NOT NULL UNIQUE, owner_id TEXT NOT NULL REFERENCES users(id),
        title TEXT NOT NULL, description TEXT NOT NULL, tags_json TEXT NOT NULL, category_ids_json TEXT NOT NULL,
        visibility TEXT NOT NULL CHECK (visibility IN ('private', 'published')), duration_ms BIGINT,
        file_path TEXT, size_bytes BIGINT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      'CREATE INDEX entries_by_owner ON entries (owner_id, seq)',
      `CREATE TABLE orders (seq {serial_pk}, id TEXT NOT NULL UNIQUE, entry_id TEXT NOT NULL,
        account_id TEXT NOT NULL REFERENCES accounts(id), requester_id TEXT NOT NULL REFERENCES users(id),
        rule_id TEXT, service TEXT NOT NULL, feature TEXT NOT NULL, source_language TEXT NOT NULL,
        turnaround_time TEXT NOT NULL, priority INTEGER NOT NULL, ocr_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'ready', 'error', 'aborted')),
        attempt INTEGER NOT NULL DEFAULT 0, progress_step TEXT NOT NULL, progress_percent DOUBLE PRECISION NOT NULL,
        error_code TEXT, error_details TEXT, segment_count INTEGER,
        worker_id TEXT, lease_token TEXT, lease_expires_ms BIGINT, not_before_ms BIGINT NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE UNIQUE INDEX orders_one_active_ocr_per_entry ON orders (entry_id)
        WHERE feature = 'ocr' AND status IN ('pending', 'processing')`,
      'CREATE INDEX orders_queue ON orders (status, priority, seq)',
      'CREATE INDEX orders_by_entry ON orders (entry_id, seq)',
      `CREATE TABLE order_actions (id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id),
        kind TEXT NOT NULL CHECK (kind IN ('credit_hold', 'notification')),
        status TEXT NOT NULL CHECK (status IN ('active', 'done', 'cancelled')),
        amount_minutes BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      'CREATE INDEX order_actions_by_order ON order_actions (order_id)',
      `CREATE TABLE idempotency_keys (account_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,
        order_ids_json TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (account_id, idempotency_key))`,
      `CREATE TABLE rules (seq {serial_pk}, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL REFERENCES accounts(id),
        category_id TEXT NOT NULL, service TEXT NOT NULL, feature TEXT NOT NULL, source_language TEXT NOT NULL,
        turnaround_time TEXT NOT NULL, ocr_json TEXT NOT NULL, created_at TEXT NOT NULL)`,
      'CREATE INDEX rules_by_category ON rules (account_id, category_id)',
      `CREATE TABLE rule_runs (seq {serial_pk}, id TEXT NOT NULL UNIQUE, rule_id TEXT NOT NULL,
        entry_id TEXT NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('ordered', 'skipped')),
        reason TEXT, order_id TEXT, created_at TEXT NOT NULL)`,
      'CREATE INDEX rule_runs_by_rule ON rule_runs (rule_id, seq)',
    ],
  },
  {
    version: 2,
    name: 'api token expiry',
    // ms since the epoch, compared with database time ({now_ms}); NULL: the token never expires,
    // which is what every token issued before this version gets.
    statements: ['ALTER TABLE api_tokens ADD COLUMN expires_ms BIGINT'],
  },
  {
    version: 3,
    name: 'idempotency key expiry',
    // database time (ms) when the key was first used; a key is honoured while it is younger than the
    // store's idempotencyKeyTtlMs. Keys kept before this version start their window at the upgrade.
    statements: [
      'ALTER TABLE idempotency_keys ADD COLUMN created_ms BIGINT NOT NULL DEFAULT 0',
      'UPDATE idempotency_keys SET created_ms = {now_ms}',
      'CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_ms)',
    ],
  },
  {
    version: 4,
    name: 'api token indexes',
    // a user's token list (GET /v1/tokens) and the sweep of long-expired tokens on every issue
    statements: [
      'CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at)',
      'CREATE INDEX api_tokens_by_expiry ON api_tokens (expires_ms)',
    ],
  },
  {
    version: 5,
    name: 'idempotency keys per user, with the request fingerprint',
    // A key answers only the user who sent it (it was per account) and only the request it was first
    // sent with (request_sha256; NULL for keys kept from before: they are not checked). Kept keys move to
    // the requester of their first order (order ids are `ord_` + 16 characters); a key without orders
    // has no requester and is dropped.
    statements: [
      `CREATE TABLE idempotency_keys_v5 (user_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, request_sha256 TEXT,
        order_ids_json TEXT NOT NULL, created_at TEXT NOT NULL, created_ms BIGINT NOT NULL,
        PRIMARY KEY (user_id, idempotency_key))`,
      `INSERT INTO idempotency_keys_v5 (user_id, idempotency_key, request_sha256, order_ids_json, created_at, created_ms)
        SELECT o.requester_id, k.idempotency_key, NULL, k.order_ids_json, k.created_at, k.created_ms
        FROM idempotency_keys k JOIN orders o ON o.id = substr(k.order_ids_json, 3, 20) AND o.account_id = k.account_id`,
      'DROP TABLE idempotency_keys',
      'ALTER TABLE idempotency_keys_v5 RENAME TO idempotency_keys',
      'CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_ms)',
    ],
  },
  {
    version: 6,
    name: 'search outbox and the segments of each entry',
    // The store is the truth and Meilisearch a projection of it. entry_segments holds the segments an
    // entry's last ready order produced (a JSON array; no row: none known — entries indexed before this
    // version keep the documents they have, only their metadata follows). search_outbox holds one row per
    // entry whose documents must be rebuilt, written in the transaction of the change itself; `version`
    // grows with every change, so a dispatcher marks a row done only if nothing changed while it applied
    // it. file_path: the media of a deleted entry, removed once the index no longer holds the entry.
    statements: [
      `CREATE TABLE entry_segments (entry_id TEXT PRIMARY KEY, order_id TEXT, language TEXT NOT NULL,
        segment_count INTEGER NOT NULL, segments_json TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE TABLE search_outbox (entry_id TEXT PRIMARY KEY, reason TEXT NOT NULL, version BIGINT NOT NULL,
        file_path TEXT, lease_owner TEXT, lease_expires_ms BIGINT, attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms BIGINT NOT NULL DEFAULT 0, last_error TEXT, created_ms BIGINT NOT NULL, updated_at TEXT NOT NULL)`,
      'CREATE INDEX search_outbox_due ON search_outbox (next_attempt_ms)',
    ],
  },
  {
    version: 7,
    name: 'My Media at scale: media type, OCR status, stored labels, views, list indexes',
    // media_type: 'video' | 'image' (animated GIF/WebP/APNG) | NULL (no file), from the stored file's
    // server-chosen extension. ocr_status follows the newest order that was not cancelled (entry-state.ts).
    // labels_json: the top labels kept when an order is ready, label_count how many in all (NULL: not
    // known yet; the API fills them in from the segment index the first time the entry is listed).
    // view_count: plays counted by the service. Indexes: one per sort of an owner's list, and OCR status.
    statements: [
      'ALTER TABLE entries ADD COLUMN media_type TEXT',
      "ALTER TABLE entries ADD COLUMN ocr_status TEXT NOT NULL DEFAULT 'none'",
      'ALTER TABLE entries ADD COLUMN labels_json TEXT',
      'ALTER TABLE entries ADD COLUMN label_count INTEGER',
      'ALTER TABLE entries ADD COLUMN view_count BIGINT NOT NULL DEFAULT 0',
      `UPDATE entries SET media_type = CASE WHEN file_path IS NULL THEN NULL
         WHEN lower(file_path) LIKE '%.gif' OR lower(file_path) LIKE '%.webp' OR lower(file_path) LIKE '%.apng' THEN 'image'
         ELSE 'video' END`,
      `UPDATE entries SET ocr_status = COALESCE((SELECT CASE o.status WHEN 'pending' THEN 'ordered' WHEN 'processing' THEN 'ordered'
         ELSE o.status END FROM orders o WHERE o.entry_id = entries.id AND o.status <> 'aborted' ORDER BY o.seq DESC LIMIT 1), 'none')`,
      'CREATE INDEX entries_by_owner_updated ON entries (owner_id, updated_at, seq)',
      'CREATE INDEX entries_by_owner_name ON entries (owner_id, lower(title), seq)',
      'CREATE INDEX entries_by_owner_duration ON entries (owner_id, duration_ms, seq)',
      'CREATE INDEX entries_by_owner_views ON entries (owner_id, view_count, seq)',
      'CREATE INDEX entries_by_owner_ocr ON entries (owner_id, ocr_status, seq)',
    ],
  },
  {
    version: 8,
    name: 'bulk orders answered entry by entry: the kept answer of an idempotency key',
    // NULL for the keys of all-or-nothing orders; a bulk order's results (entry, outcome, reason, order id, title)
    statements: ['ALTER TABLE idempotency_keys ADD COLUMN results_json TEXT'],
  },
  {
    version: 9,
    name: 'My Media: sort by duration from an index',
    // `COALESCE(duration_ms, -1)`: an unknown duration counts as shorter than any known one, the same on
    // both backends (they place NULLs apart), and one index serves both directions (entry-listing.ts).
    statements: [
      'DROP INDEX entries_by_owner_duration',
      'CREATE INDEX entries_by_owner_duration ON entries (owner_id, COALESCE(duration_ms, -1), seq)',
    ],
  },
  {
    version: 10,
    name: 'galleries and channels with members; rules on a gallery or a channel',
    // An entry belongs to a gallery or channel when its category_ids_json holds that id (search filters
    // on it as on any category). A gallery's id is the category id entries already carry, unique in its
    // account; channels get their own ids. The owner of a channel is kept as one of its managers.
    // rules.target: what category_id names ('gallery' for the rules made before this version).
    statements: [
      `CREATE TABLE galleries (seq {serial_pk}, id TEXT NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL, description TEXT NOT NULL, created_at TEXT NOT NULL)`,
      'CREATE UNIQUE INDEX galleries_by_id ON galleries (account_id, id)',
      'CREATE UNIQUE INDEX galleries_by_name ON galleries (account_id, lower(name))',
      `CREATE TABLE channels (seq {serial_pk}, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL REFERENCES accounts(id),
        owner_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL, description TEXT NOT NULL,
        privacy TEXT NOT NULL CHECK (privacy IN ('private', 'shared')), created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      'CREATE INDEX channels_by_account ON channels (account_id, privacy, seq)',
      `CREATE TABLE channel_members (channel_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
        role TEXT NOT NULL CHECK (role IN ('member', 'manager')), created_at TEXT NOT NULL, PRIMARY KEY (channel_id, user_id))`,
      'CREATE INDEX channel_members_by_user ON channel_members (user_id)',
      "ALTER TABLE rules ADD COLUMN target TEXT NOT NULL DEFAULT 'gallery'",
    ],
  },
  {
    version: 11,
    name: 'playlists, the watch list, and per-day analytics of plays and search leads',
    // playlists: a user's own (nobody else sees them), ordered by `position` (gaps allowed, renumbered on
    // reorder). watch_list: one row per user and entry, newest first by seq. entry_daily_stats: plays and
    // searches that led to an entry, per UTC day (YYYY-MM-DD). search_leads: which (search, entry, user)
    // was counted, so a search leads to an entry once; swept once older than any search's lead can live.
    // entry_viewers: when a user's play of an entry was last counted (plays are counted once per window).
    statements: [
      `CREATE TABLE playlists (seq {serial_pk}, id TEXT NOT NULL UNIQUE, owner_id TEXT NOT NULL REFERENCES users(id),
        name TEXT NOT NULL, description TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      'CREATE INDEX playlists_by_owner ON playlists (owner_id, seq)',
      `CREATE TABLE playlist_entries (playlist_id TEXT NOT NULL, entry_id TEXT NOT NULL, position INTEGER NOT NULL,
        added_at TEXT NOT NULL, PRIMARY KEY (playlist_id, entry_id))`,
      'CREATE INDEX playlist_entries_by_entry ON playlist_entries (entry_id)',
      `CREATE TABLE watch_list (seq {serial_pk}, user_id TEXT NOT NULL REFERENCES users(id), entry_id TEXT NOT NULL,
        added_at TEXT NOT NULL, UNIQUE (user_id, entry_id))`,
      'CREATE INDEX watch_list_by_entry ON watch_list (entry_id)',
      `CREATE TABLE entry_daily_stats (entry_id TEXT NOT NULL, day TEXT NOT NULL, views BIGINT NOT NULL DEFAULT 0,
        search_leads BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (entry_id, day))`,
      `CREATE TABLE search_leads (search_id TEXT NOT NULL, entry_id TEXT NOT NULL, user_id TEXT NOT NULL,
        created_ms BIGINT NOT NULL, PRIMARY KEY (search_id, entry_id, user_id))`,
      'CREATE INDEX search_leads_by_age ON search_leads (created_ms)',
      `CREATE TABLE entry_viewers (entry_id TEXT NOT NULL, user_id TEXT NOT NULL, counted_ms BIGINT NOT NULL,
        PRIMARY KEY (entry_id, user_id))`,
      'CREATE INDEX entry_viewers_by_age ON entry_viewers (counted_ms)',
    ],
  },
];

/** Applies the missing migrations; the backend calls it inside its migration lock and transaction. */
export function* migrate(): Step<number[]> {
  yield* run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,
    name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = yield* all<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(applied.map((row) => Number(row.version)));
  const appliedNow: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements) yield* run(statement);
    yield* run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      migration.version,
      migration.name,
      new Date().toISOString(),
    ]);
    appliedNow.push(migration.version);
  }
  return appliedNow;
}
