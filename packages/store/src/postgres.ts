import { ErrorCode, OnscreenError } from '@onscreen/core';
import { migrate } from './migrations.js';
import { wrapStoreError } from './sql/errors.js';
import { createPostgresDriver } from './sql/postgres-driver.js';
import { driveAsync } from './sql/steps.js';
import { type StoreBehaviourOptions, createStore } from './store.js';
import type { OnscreenStore } from './types.js';

export interface PostgresStoreOptions extends StoreBehaviourOptions {
  connectionString: string;
  /** Schema holding the tables (created when missing). Default 'onscreen'. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The scale-out store on a pg Pool. Migrations run on open under `pg_advisory_xact_lock`, so many
 * processes may open the same database at once; claims use FOR UPDATE SKIP LOCKED and leases `now()`.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<OnscreenStore> {
  const schema = options.schema ?? 'onscreen';
  if (!SCHEMA_NAME.test(schema)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `schema must be lower-case letters, digits and "_" (got "${schema}").`);
  }
  const driver = createPostgresDriver(options.connectionString, schema, options.poolSize ?? 10);
  try {
    await driver.withClient('migrate', async (client) => {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`onscreen-migrate:${schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await driveAsync(migrate(), driver.executeOn(client));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  } catch (error) {
    await driver.close();
    throw wrapStoreError(error, 'migrate');
  }
  return createStore(driver, options);
}
