import { migrate } from './migrations.js';
import { createSqliteDriver } from './sql/sqlite-driver.js';
import { type StoreBehaviourOptions, createStore } from './store.js';
import type { OnscreenStore } from './types.js';

export interface SqliteStoreOptions extends StoreBehaviourOptions {
  /** Database file; created with its tables when missing. */
  file: string;
  /** How long a write waits for another connection's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * The embedded store: one better-sqlite3 connection in WAL mode. Migrations run on open inside
 * BEGIN IMMEDIATE, so processes opening the same file at once apply each version exactly once.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<OnscreenStore> {
  const driver = createSqliteDriver(options.file, options.busyTimeoutMs ?? 5000);
  try {
    await driver.write(migrate);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return createStore(driver, options);
}
