import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { openPostgresStore } from './postgres.js';
import { postgresSql } from './sql/postgres-driver.js';
import { sqliteSql } from './sql/sqlite-driver.js';
import { openSqliteStore } from './sqlite.js';
import type { OnscreenStore } from './types.js';
import { sha256Hex } from './util.js';

/** A database left at schema version 1 (before token and idempotency key expiry), with users, a token, an order and keys in it. */
const V1 = MIGRATIONS.filter((m) => m.version === 1);
const TOKEN = 'token-from-version-1-0123456789';
/** An order id as the store makes them: `ord_` and 16 characters. */
const OLD_ORDER = 'ord_0123456789abcdef';
const SEED = [
  'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  "INSERT INTO schema_migrations VALUES (1, 'v1', '2025-01-01T00:00:00.000Z')",
  "INSERT INTO accounts (id, name, reach_enabled, created_at) VALUES ('acc_old', 'Old', 1, '2025-01-01T00:00:00.000Z')",
  "INSERT INTO users (id, account_id, name, role, created_at) VALUES ('usr_old', 'acc_old', 'Old', 'user', '2025-01-01T00:00:00.000Z')",
  `INSERT INTO api_tokens (id, user_id, token_sha256, created_at) VALUES ('tok_old', 'usr_old', '${sha256Hex(TOKEN)}', '2025-01-01T00:00:00.000Z')`,
  "INSERT INTO users (id, account_id, name, role, created_at) VALUES ('usr_old2', 'acc_old', 'Old 2', 'user', '2025-01-01T00:00:00.000Z')",
  `INSERT INTO entries (id, owner_id, title, description, tags_json, category_ids_json, visibility, created_at, updated_at)
   VALUES ('ent_old', 'usr_old', 'Old', '', '[]', '[]', 'private', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
          ('ent_old2', 'usr_old2', 'Old 2', '', '[]', '[]', 'private', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  `INSERT INTO orders (id, entry_id, account_id, requester_id, service, feature, source_language, turnaround_time, priority,
     ocr_json, status, progress_step, progress_percent, created_at, updated_at)
   VALUES ('${OLD_ORDER}', 'ent_old', 'acc_old', 'usr_old', 'machine', 'ocr', 'en', 'best_effort', 5, '{}', 'ready', 'done', 100,
     '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  // kept per account before version 5: one key with an order (it moves to that order's requester), one without (dropped)
  `INSERT INTO idempotency_keys (account_id, idempotency_key, order_ids_json, created_at)
   VALUES ('acc_old', 'key-from-version-1', '["${OLD_ORDER}"]', '2025-01-01T00:00:00.000Z'),
          ('acc_old', 'key-without-orders', '[]', '2025-01-01T00:00:00.000Z')`,
  `INSERT INTO rules (id, account_id, category_id, service, feature, source_language, turnaround_time, ocr_json, created_at)
   VALUES ('rul_old', 'acc_old', 'lectures', 'machine', 'ocr', 'en', 'best_effort', '{}', '2025-01-01T00:00:00.000Z')`,
];

async function expectUpgraded(store: OnscreenStore, versions: () => Promise<number[]>): Promise<void> {
  expect(await versions()).toEqual(MIGRATIONS.map((m) => m.version));
  expect(await store.inspectToken(TOKEN)).toMatchObject({ user: { id: 'usr_old' }, expiresAt: null });
  const fresh = await store.issueToken('usr_old', { expiresAt: new Date(Date.now() - 1) });
  expect(await store.authenticate(fresh.token)).toBeNull();
  // a key kept from before version 3 starts its window at the upgrade: it still answers its requester (with its
  // order; kept keys have no fingerprint, so the body is not compared) instead of ordering again, which would
  // fail on the unknown entry
  const retried = await store.createOrders({
    accountId: 'acc_old',
    requesterId: 'usr_old',
    request: { entryIds: ['ent_missing'], idempotencyKey: 'key-from-version-1' },
  });
  expect(retried.orders.map((o) => [o.id, o.requesterId])).toEqual([[OLD_ORDER, 'usr_old']]);
  // since version 5 it is usr_old's key alone: another user of the account sending it orders anew
  const other = await store.createOrders({
    accountId: 'acc_old',
    requesterId: 'usr_old2',
    request: { entryIds: ['ent_old2'], idempotencyKey: 'key-from-version-1' },
  });
  expect(other.orders.map((o) => [o.entryId, o.requesterId])).toEqual([['ent_old2', 'usr_old2']]);
  // the kept key without orders had no requester: it is gone, and the same string is a new key
  const anew = await store
    .createOrders({
      accountId: 'acc_old',
      requesterId: 'usr_old',
      request: { entryIds: ['ent_missing'], idempotencyKey: 'key-without-orders' },
    })
    .catch((error: { code?: string }) => error.code);
  expect(anew).toBe('NOT_FOUND');
  // version 6: an entry indexed before it has no recorded segments (its documents are kept, only their
  // metadata follows), and its changes go through the search outbox
  await store.updateEntry('ent_old', { visibility: 'published' });
  expect(await store.getEntryProjection('ent_old')).toMatchObject({ entry: { visibility: 'published' }, segments: null });
  expect(await store.claimSearchChanges({ owner: 'upgrade', leaseMs: 1000, limit: 10 })).toMatchObject([
    { entryId: 'ent_old', reason: 'entry', version: 1 },
  ]);
  // version 10: a rule from before is a gallery rule, and naming its category as a gallery keeps it
  expect(await store.listRules('acc_old')).toMatchObject([{ id: 'rul_old', categoryId: 'lectures', target: 'gallery' }]);
  await store.createGallery('acc_old', { id: 'lectures', name: 'Lectures' });
  expect((await store.listRulesAs('usr_old')).map((r) => [r.id, r.canManage])).toEqual([['rul_old', false]]);
}

describe('upgrading a version-1 database', () => {
  it('SQLite: adds token and key expiry; tokens issued before it never expire, keys start their window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onscreen-migrate-'));
    try {
      const file = join(dir, 'v1.sqlite');
      const db = new Database(file);
      for (const statement of [...V1.flatMap((m) => m.statements), ...SEED]) db.exec(sqliteSql(statement));
      db.close();
      await using store = await openSqliteStore({ file });
      await expectUpgraded(store, async () => {
        const check = new Database(file, { readonly: true });
        try {
          return check
            .prepare('SELECT version FROM schema_migrations ORDER BY version')
            .all()
            .map((row) => (row as { version: number }).version);
        } finally {
          check.close();
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = process.env.ONSCREEN_TEST_PG_URL;
  it.skipIf(!url)(
    'Postgres: adds token and key expiry; tokens issued before it never expire, keys start their window (needs ONSCREEN_TEST_PG_URL)',
    async () => {
      const schema = `onscreen_v1_${Date.now().toString(36)}_${process.pid}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA "${schema}"`);
        await admin.query(`SET search_path TO "${schema}"`);
        for (const statement of [...V1.flatMap((m) => m.statements), ...SEED]) await admin.query(postgresSql(statement));
        await using store = await openPostgresStore({ connectionString: url ?? '', schema, poolSize: 2 });
        await expectUpgraded(store, async () =>
          (await admin.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) => Number(row.version)),
        );
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
    },
  );
});
