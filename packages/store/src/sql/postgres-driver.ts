import pg from 'pg';
import { wrapStoreError } from './errors.js';
import { type Driver, MAX_TRANSACTION_TRIES, type Query, RetryTransaction, type Step, driveAsync } from './steps.js';

const TOKENS: Readonly<Record<string, string>> = {
  '{now_ms}': 'CAST(floor(extract(epoch FROM now()) * 1000) AS BIGINT)',
  '{skip_locked}': 'FOR UPDATE SKIP LOCKED',
  '{skip_locked_o}': 'FOR UPDATE OF o SKIP LOCKED',
  '{random_unit}': 'random()',
  '{serial_pk}': 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  '{json_strings}': '(SELECT jsonb_array_elements_text(CAST(? AS jsonb)))',
};
/** Deadlock and serialization failures: the transaction is safe to run again. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const INT8_OID = 20;

export function postgresSql(sql: string): string {
  let index = 0;
  return sql.replace(/\{[a-z_]+\}/g, (token) => TOKENS[token] ?? token).replace(/\?/g, () => `$${++index}`);
}

/** Counts and millisecond columns are BIGINT; as JS numbers they stay exact up to 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export type PgClient = pg.PoolClient;

/** A pg Pool behind the Driver; `search_path` is pinned to the store's schema on every connection. */
export function createPostgresDriver(connectionString: string, schema: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString, max: poolSize, options: `-c search_path=${schema}`, types });
  pool.on('error', () => {}); // an idle client dropped by the server; the next checkout reconnects
  const sqlCache = new Map<string, string>();
  const executeOn = (client: pg.PoolClient) => async (query: Query) => {
    let text = sqlCache.get(query.sql);
    if (text === undefined) {
      text = postgresSql(query.sql);
      sqlCache.set(query.sql, text);
    }
    const result = await client.query(
      text,
      query.params.map((value) => (value === undefined ? null : value)),
    );
    return query.kind === 'all' ? result.rows : (result.rowCount ?? 0);
  };
  const withClient = async <T>(what: string, use: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw wrapStoreError(error, 'connect to Postgres');
    }
    try {
      return await use(client);
    } catch (error) {
      throw wrapStoreError(error, what);
    } finally {
      client.release();
    }
  };
  let closing: Promise<void> | undefined;
  const driver: Driver & { withClient: typeof withClient; executeOn: typeof executeOn } = {
    dialect: 'postgres',
    withClient,
    executeOn,
    read: (program) => withClient('read', (client) => driveAsync(program(), executeOn(client))),
    write: <T>(program: () => Step<T>) =>
      withClient('write', async (client) => {
        for (let tries = 1; ; tries++) {
          await client.query('BEGIN');
          try {
            const result = await driveAsync(program(), executeOn(client));
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => {});
            const code = (error as { code?: string }).code;
            const retry = error instanceof RetryTransaction || (code !== undefined && RETRYABLE_CODES.has(code));
            if (!retry || tries >= MAX_TRANSACTION_TRIES) throw error;
          }
        }
      }),
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
  return driver;
}
