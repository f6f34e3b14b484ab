import { ErrorCode, IdSchema, OnscreenError } from '@onscreen/core';
import type { Account, Role, User } from './domain.js';
import { type Row, toAccount, toUser } from './rows.js';
import { notFound } from './sql/errors.js';
import { one, run, type Step } from './sql/steps.js';
import { newId, newSecret, nowIso, parseInput, sha256Hex } from './util.js';

/** Accounts with their REACH profile, users, and API tokens (only their SHA-256 is stored). */
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

/** A caller-chosen token (scripts and demos fix one): long enough to be a secret, printable, no spaces. */
function checkChosenToken(token: string): string {
  if (!/^[\x21-\x7e]{16,200}$/.test(token)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'A chosen token must be 16–200 printable characters without spaces.');
  }
  return token;
}

export function* addUserToken(userId: string, chosen?: string): Step<string> {
  const token = chosen === undefined ? `ons_${newSecret()}` : checkChosenToken(chosen);
  yield* run('INSERT INTO api_tokens (id, user_id, token_sha256, created_at) VALUES (?, ?, ?, ?)', [
    newId('tok'),
    userId,
    sha256Hex(token),
    nowIso(),
  ]);
  return token;
}

export function* createUser(input: {
  id?: string;
  accountId: string;
  name: string;
  role?: Role;
  token?: string;
}): Step<{ user: User; token: string }> {
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
  const token = yield* addUserToken(id, input.token);
  return { user: toUser(row), token };
}

export function* getUser(id: string): Step<User | null> {
  const row = yield* one<Row>('SELECT * FROM users WHERE id = ?', [id]);
  return row ? toUser(row) : null;
}

export function* authenticate(token: string): Step<User | null> {
  const row = yield* one<Row>(
    `SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_sha256 = ? AND t.revoked_at IS NULL`,
    [sha256Hex(token)],
  );
  return row ? toUser(row) : null;
}

export function* revokeToken(token: string): Step<boolean> {
  const changed = yield* run('UPDATE api_tokens SET revoked_at = ? WHERE token_sha256 = ? AND revoked_at IS NULL', [
    nowIso(),
    sha256Hex(token),
  ]);
  return changed > 0;
}
