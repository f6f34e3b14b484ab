import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { registerStoreConformance } from './conformance.js';
import { openSqliteStore } from './sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'onscreen-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

registerStoreConformance('sqlite', {
  async createDatabase() {
    const file = join(dir, `db-${++n}.sqlite`);
    return {
      open: (options) => openSqliteStore({ ...options, file }),
      async query(sql) {
        const db = new Database(file, { timeout: 5_000 });
        try {
          const statement = db.prepare(sql);
          if (statement.reader) return statement.all() as Record<string, unknown>[];
          statement.run();
          return [];
        } finally {
          db.close();
        }
      },
      async drop() {
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      },
    };
  },
});
