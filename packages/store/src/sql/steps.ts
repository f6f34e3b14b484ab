/**
 * Store logic is written once, as generators that yield SQL statements. A backend runs them:
 * SQLite synchronously inside one BEGIN IMMEDIATE (no event-loop turn in between, so two stores in
 * one process never interleave a transaction), Postgres asynchronously on one pooled client.
 */
export type QueryKind = 'all' | 'run';

export interface Query {
  kind: QueryKind;
  /**
   * `?` placeholders; `{now_ms}` = database time in ms; `{skip_locked}` = FOR UPDATE SKIP LOCKED on Postgres
   * (`{skip_locked_o}`: of the table aliased `o` only, for a query that joins others);
   * `{random_unit}` = a random number in [0, 1), drawn for each row; `{json_strings}` = the strings of a
   * JSON array bound to its one `?` (`id IN {json_strings}`: one statement for any number of ids).
   */
  sql: string;
  params: readonly unknown[];
}

export type Step<T> = Generator<Query, T, unknown>;

/** Every row the statement returns. */
export function* all<T>(sql: string, params: readonly unknown[] = []): Step<T[]> {
  return (yield { kind: 'all', sql, params }) as T[];
}

/** The first row the statement returns, or undefined. */
export function* one<T>(sql: string, params: readonly unknown[] = []): Step<T | undefined> {
  const rows = yield* all<T>(sql, params);
  return rows[0];
}

/** Runs a statement and returns how many rows it changed. */
export function* run(sql: string, params: readonly unknown[] = []): Step<number> {
  return (yield { kind: 'run', sql, params }) as number;
}

/** Thrown inside a transaction to roll it back and run it again (e.g. a concurrent insert won a key). */
export class RetryTransaction extends Error {
  override readonly name = 'RetryTransaction';
}

/** How a backend executes statements and transactions; the store is built on this alone. */
export interface Driver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a read-only program (no transaction needed). */
  read<T>(program: () => Step<T>): Promise<T>;
  /** Runs a program in one write transaction, retried on RetryTransaction or a deadlock. */
  write<T>(program: () => Step<T>): Promise<T>;
  close(): Promise<void>;
}

/** Drives a program with a synchronous executor. */
export function driveSync<T>(program: Step<T>, execute: (query: Query) => unknown): T {
  let next = program.next();
  while (!next.done) next = program.next(execute(next.value));
  return next.value;
}

/** Drives a program with an asynchronous executor. */
export async function driveAsync<T>(program: Step<T>, execute: (query: Query) => Promise<unknown>): Promise<T> {
  let next = program.next();
  while (!next.done) next = program.next(await execute(next.value));
  return next.value;
}

export const MAX_TRANSACTION_TRIES = 8;
