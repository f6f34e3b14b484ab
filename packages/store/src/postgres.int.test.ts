import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { registerStoreConformance } from './conformance.js';
import { openPostgresStore } from './postgres.js';

const url = process.env.ONSCREEN_TEST_PG_URL;
const run = `t${Date.now().toString(36)}_${process.pid}`;
let n = 0;
const schemas: string[] = [];

if (!url) {
  console.info('[store] Postgres conformance skipped: set ONSCREEN_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test).');
  describe.skip('OnscreenStore conformance: postgres (ONSCREEN_TEST_PG_URL is unset)', () => {});
} else {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });
  registerStoreConformance('postgres', {
    async createDatabase() {
      const schema = `onscreen_${run}_${++n}`;
      schemas.push(schema);
      return {
        open: (options) => openPostgresStore({ ...options, connectionString: url, schema, poolSize: 8 }),
        async query(sql) {
          const client = await admin.connect();
          try {
            await client.query(`SET search_path TO "${schema}"`);
            return (await client.query(sql)).rows as Record<string, unknown>[];
          } finally {
            await client.query('RESET search_path');
            client.release();
          }
        },
        drop: async () => {
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        },
      };
    },
  });
}
