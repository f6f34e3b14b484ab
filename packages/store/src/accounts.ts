import { ErrorCode, IdSchema, OnscreenError } from '@onscreen/core';
import type { Account, User } from './domain.js';
import { type Row, toAccount, toUser } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, type Step } from './sql/steps.js';
import { issueToken } from './tokens.js';
import type { IssuedToken, NewUser } from './types.js';
import { likePattern, newId, nowIso, parseInput } from './util.js';

/** Accounts with their REACH profile, and users (their API tokens: tokens.ts). */
type Reach = { enabled: boolean; creditMinutes?: number | null };

function checkCredit(creditMinutes: number | null | undefined): void {
  if (creditMinutes === undefined || creditMinutes === null) return;
  if (!Number.isInteger(creditMinutes) || creditMinutes < 0) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `creditMinutes must be a whole number ≥ 0 or null (got ${creditMinutes}).`);
  }
}

export function* createAccount(input: { id?: string; name: string; reach?: Reach }): Step<Account> {
  const id = input.id === undefined ? newId('acc') : parseInput(IdSchema, input.id, 'account id');
  if (!input.name) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'An account needs a name.');
  checkCredit(input.reach?.creditMinutes);
  const row = yield* one<Row>(
    `INSERT INTO accounts (id, name, reach_enabled, credit_minutes, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING *`,
    [id, input.name, input.reach?.enabled ? 1 : 0, input.reach?.creditMinutes ?? null, nowIso()],
  );
  if (!row) throw new OnscreenError(ErrorCode.CONFLICT, `Account ${id} already exists.`, { details: { id } });
  return toAccount(row);
}

export function* getAccount(id: string): Step<Account | null> {
  const row = yield* one<Row>('SELECT * FROM accounts WHERE id = ?', [id]);
  return row ? toAccount(row) : null;
}

export function* setReach(accountId: string, reach: Reach): Step<Account> {
  checkCredit(reach.creditMinutes);
  const keepCredit = reach.creditMinutes === undefined ? 1 : 0;
  const row = yield* one<Row>(
    `UPDATE accounts SET reach_enabled = ?, credit_minutes = CASE WHEN ? = 1 THEN credit_minutes ELSE ? END
     WHERE id = ? RETURNING *`,
    [reach.enabled ? 1 : 0, keepCredit, reach.creditMinutes ?? null, accountId],
  );
  if (!row) throw notFound('account', accountId);
  return toAccount(row);
}

export function* createUser(input: NewUser): Step<{ user: User } & IssuedToken> {
  const id = input.id === undefined ? newId('usr') : parseInput(IdSchema, input.id, 'user id');
  const role = input.role ?? 'user';
  if (role !== 'admin' && role !== 'user') throw new OnscreenError(ErrorCode.INVALID_INPUT, `Unknown role ${String(role)}.`);
  if (!(yield* getAccount(input.accountId))) throw notFound('account', input.accountId);
  const row = yield* one<Row>(
    `INSERT INTO users (id, account_id, name, role, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING *`,
    [id, input.accountId, input.name, role, nowIso()],
  );
  if (!row) throw new OnscreenError(ErrorCode.CONFLICT, `User ${id} already exists.`, { details: { id } });
  const issued = yield* issueToken(id, input);
  return { user: toUser(row), ...issued };
}

export function* getUser(id: string): Step<User | null> {
  const row = yield* one<Row>('SELECT * FROM users WHERE id = ?', [id]);
  return row ? toUser(row) : null;
}

/** Most ids one `getUserNames` call takes (a page of results names far fewer owners). */
export const MAX_USER_NAME_IDS = 1000;

/** The names of the users with these ids, in one query; unknown ids are left out. */
export function* getUserNames(ids: readonly string[]): Step<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_USER_NAME_IDS) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `getUserNames takes at most ${MAX_USER_NAME_IDS} ids (got ${unique.length}).`);
  }
  if (unique.length === 0) return new Map();
  const rows = yield* all<Row>(`SELECT id, name FROM users WHERE id IN (${unique.map(() => '?').join(', ')})`, unique);
  return new Map(rows.map((row) => [String(row.id), String(row.name)]));
}

/** Most users `listUsers` returns (pickers by name; an account with more is searched by name). */
export const MAX_LISTED_USERS = 1000;

/** An account's users by name (then id), at most MAX_LISTED_USERS; `q`: a case-insensitive part of the name. */
export function* listUsers(accountId: string, q = ''): Step<User[]> {
  const rows = yield* all<Row>(
    `SELECT * FROM users WHERE account_id = ? AND lower(name) LIKE ? ESCAPE '\\' ORDER BY lower(name), id LIMIT ?`,
    [accountId, likePattern(q), MAX_LISTED_USERS],
  );
  return rows.map(toUser);
}
