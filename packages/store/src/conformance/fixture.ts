import { OnscreenError } from '@onscreen/core';
import { afterEach, beforeEach } from 'vitest';
import type { Account, User } from '../domain.js';
import type { StoreBehaviourOptions } from '../store.js';
import type { Order } from '@onscreen/core';
import type { CreateOrdersInput, EntryRecord, NewEntry, OnscreenStore } from '../types.js';

/** A fresh, empty database of one backend; `open` may be called again for a second store on it. */
export interface TestDatabase {
  open(options?: StoreBehaviourOptions): Promise<OnscreenStore>;
  /**
   * Raw SQL for assertions the API does not expose (e.g. that no token is stored in clear), or to age a
   * row as time would; the rows a statement returns ([] for a write without RETURNING).
   */
  query(sql: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export interface ConformanceTarget {
  createDatabase(): Promise<TestDatabase>;
}

export interface Fixture {
  db: TestDatabase;
  store: OnscreenStore;
  account: Account;
  user: User;
  token: string;
  /** Another user of the same account (role user) and one of another account. */
  colleague: User;
  stranger: User;
  entry(overrides?: Partial<NewEntry>): Promise<EntryRecord>;
  /** A new entry (`entry` overrides) and the one order placed for it by the fixture's user. */
  order(entry?: Partial<NewEntry>, request?: Partial<CreateOrdersInput['request']>): Promise<Order>;
  /** Opens another store on the same database; closed after the test. */
  openSecond(options?: StoreBehaviourOptions): Promise<OnscreenStore>;
}

/** Registers before/after hooks giving every test its own database, account (REACH on) and users. */
export function useFixture(target: ConformanceTarget): () => Fixture {
  let current: Fixture | undefined;
  const extraStores: OnscreenStore[] = [];
  beforeEach(async () => {
    const db = await target.createDatabase();
    const store = await db.open();
    const account = await store.createAccount({ name: 'Acme', reach: { enabled: true, creditMinutes: null } });
    const { user, token } = await store.createUser({ accountId: account.id, name: 'Ada', role: 'user' });
    const { user: colleague } = await store.createUser({ accountId: account.id, name: 'Bob' });
    const other = await store.createAccount({ name: 'Other', reach: { enabled: true } });
    const { user: stranger } = await store.createUser({ accountId: other.id, name: 'Eve' });
    let n = 0;
    current = {
      db,
      store,
      account,
      user,
      token,
      colleague,
      stranger,
      entry: (overrides = {}) => store.createEntry({ ownerId: user.id, title: `Video ${++n}`, durationMs: 60_000, ...overrides }),
      async order(entryOverrides = {}, request = {}) {
        const entry = await store.createEntry({ ownerId: user.id, title: `Video ${++n}`, durationMs: 60_000, ...entryOverrides });
        const { orders } = await store.createOrders({
          accountId: account.id,
          requesterId: user.id,
          request: { ...request, entryIds: [entry.id] },
        });
        if (orders.length !== 1 || !orders[0]) throw new Error(`expected one order, got ${orders.length}`);
        return orders[0];
      },
      async openSecond(options) {
        const second = await db.open(options);
        extraStores.push(second);
        return second;
      },
    };
  });
  afterEach(async () => {
    for (const extra of extraStores.splice(0)) await extra.close();
    if (current) {
      await current.store.close();
      await current.db.drop();
    }
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the fixture is only available inside a test');
    return current;
  };
}

/** The OnscreenError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<OnscreenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OnscreenError) return error;
    throw error;
  }
  throw new Error('expected an OnscreenError, but the call succeeded');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
