import Database from 'better-sqlite3';
import { wrapStoreError } from './errors.js';
import { type Driver, MAX_TRANSACTION_TRIES, type Query, RetryTransaction, type Step, driveSync } from './steps.js';

const TOKENS: Readonly<Record<string, string>> = {
  '{now_ms}': "CAST(unixepoch('subsec') * 1000 AS INTEGER)",
  '{skip_locked}': '',
  '{skip_locked_o}': '',
  // random() is a 64-bit integer here; a uniform number in [0, 1) per row, like Postgres' random()
  '{random_unit}': '(abs(random() % 1000000) / 1000000.0)',
  '{serial_pk}': 'INTEGER PRIMARY KEY AUTOINCREMENT',
  // the strings of one JSON array parameter, as a subquery: `x IN {json_strings}` with one `?`
  '{json_strings}': '(SELECT value FROM json_each(?))',
};

export function sqliteSql(sql: string): string {
  return sql.replace(/\{[a-z_]+\}/g, (token) => TOKENS[token] ?? token);
}

function bind(params: readonly unknown[]): unknown[] {
  return params.map((value) => (value === undefined ? null : typeof value === 'boolean' ? Number(value) : value));
}

/** Switching to WAL needs a moment alone with the file; another process opening it at once may hold it. */
function withBusyRetry<T>(action: () => T, tries = 50): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return action();
    } catch (error) {
      if (attempt >= tries || (error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/**
 * better-sqlite3 behind the async Driver: every program runs synchronously, writes inside
 * BEGIN IMMEDIATE (the write lock is taken before the first read, so read-then-write cannot race).
 */
export function createSqliteDriver(file: string, busyTimeoutMs: number): Driver {
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  withBusyRetry(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, Database.Statement>();
  const execute = (query: Query): unknown => {
    let statement = statements.get(query.sql);
    if (!statement) {
      statement = db.prepare(sqliteSql(query.sql));
      statements.set(query.sql, statement);
    }
    const params = bind(query.params);
    return query.kind === 'all' ? statement.all(...params) : statement.run(...params).changes;
  };
  let closing: Promise<void> | undefined;
  return {
    dialect: 'sqlite',
    async read<T>(program: () => Step<T>): Promise<T> {
      try {
        return driveSync(program(), execute);
      } catch (error) {
        throw wrapStoreError(error, 'read');
      }
    },
    async write<T>(program: () => Step<T>): Promise<T> {
      for (let tries = 1; ; tries++) {
        try {
          db.exec('BEGIN IMMEDIATE');
        } catch (error) {
          throw wrapStoreError(error, 'start a write transaction');
        }
        try {
          const result = driveSync(program(), execute);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          if (error instanceof RetryTransaction && tries < MAX_TRANSACTION_TRIES) continue;
          throw wrapStoreError(error, 'write');
        }
      }
    },
    close(): Promise<void> {
      closing ??= Promise.resolve().then(() => {
        db.close();
      });
      return closing;
    },
  };
}
