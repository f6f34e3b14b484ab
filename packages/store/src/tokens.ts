import { ErrorCode, OnscreenError, type User } from '@onscreen/core';
import { type Row, toUser } from './rows.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { IssuedToken, NewToken, TokenInfo, TokenSummary } from './types.js';
import { newId, newSecret, nowIso, sha256Hex } from './util.js';

/**
 * API tokens; only their SHA-256 is stored. A token works until it is revoked or its expiry
 * (`expires_ms`, NULL = never) has passed. A TTL is added to database time and expiry is judged
 * against database time ({now_ms}), as leases are, so a clock skew between the application and the
 * database host cannot lengthen or shorten a token's life.
 */
const MAX_TTL_MS = 100 * 365 * 86_400_000;
/** Expired tokens are kept this long (a recent one still shows in the table), then swept. */
export const EXPIRED_TOKEN_KEPT_MS = 7 * 86_400_000;
/** Most expired tokens one issue sweeps: the table shrinks as fast as it grows, in bounded steps. */
const SWEEP_BATCH = 100;

/** A caller-chosen token (scripts and demos fix one): long enough to be a secret, printable, no spaces. */
function checkChosenToken(token: string): string {
  if (!/^[\x21-\x7e]{16,200}$/.test(token)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'A chosen token must be 16–200 printable characters without spaces.');
  }
  return token;
}

/** The SQL expression for `expires_ms`: the earlier of `now + ttlMs` and `expiresAt`, or NULL for neither. */
function expirySql({ ttlMs, expiresAt }: NewToken): { sql: string; params: number[] } | null {
  if (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs <= 0 || ttlMs > MAX_TTL_MS)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `ttlMs must be a whole number of ms from 1 to ${MAX_TTL_MS} (got ${ttlMs}).`);
  }
  let atMs: number | undefined;
  if (expiresAt !== undefined && expiresAt !== null) {
    atMs = expiresAt instanceof Date ? expiresAt.getTime() : Number.NaN;
    if (Number.isNaN(atMs)) throw new OnscreenError(ErrorCode.INVALID_INPUT, 'expiresAt must be a valid Date or null.');
  }
  if (ttlMs === undefined) return atMs === undefined ? null : { sql: '?', params: [atMs] };
  if (atMs === undefined) return { sql: '{now_ms} + ?', params: [ttlMs] };
  return { sql: 'CASE WHEN {now_ms} + ? < ? THEN {now_ms} + ? ELSE ? END', params: [ttlMs, atMs, ttlMs, atMs] };
}

const isoOrNull = (ms: unknown): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

/**
 * Issues a token; in the same transaction, sweeps a batch of tokens that expired more than
 * EXPIRED_TOKEN_KEPT_MS ago (tokens are only added here, so no timer is needed to keep the table
 * bounded; on Postgres rows another transaction holds are skipped, not waited for).
 */
export function* issueToken(userId: string, options: NewToken = {}): Step<IssuedToken> {
  const token = options.token === undefined ? `ons_${newSecret()}` : checkChosenToken(options.token);
  const expiry = expirySql(options);
  yield* run(
    `DELETE FROM api_tokens WHERE id IN (
       SELECT id FROM api_tokens WHERE expires_ms <= {now_ms} - ? ORDER BY expires_ms LIMIT ? {skip_locked})`,
    [EXPIRED_TOKEN_KEPT_MS, SWEEP_BATCH],
  );
  const row = yield* one<Row>(
    `INSERT INTO api_tokens (id, user_id, token_sha256, created_at, expires_ms)
     VALUES (?, ?, ?, ?, ${expiry?.sql ?? 'NULL'}) RETURNING expires_ms`,
    [newId('tok'), userId, sha256Hex(token), nowIso(), ...(expiry?.params ?? [])],
  );
  return { token, expiresAt: isoOrNull(row?.expires_ms) };
}

/** The user and expiry of a token that works now: unknown, revoked and expired tokens give null. */
export function* inspectToken(token: string): Step<TokenInfo | null> {
  const row = yield* one<Row>(
    `SELECT u.*, t.id AS token_id, t.expires_ms AS token_expires_ms FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_sha256 = ? AND t.revoked_at IS NULL AND (t.expires_ms IS NULL OR t.expires_ms > {now_ms})`,
    [sha256Hex(token)],
  );
  return row ? { user: toUser(row), tokenId: String(row.token_id), expiresAt: isoOrNull(row.token_expires_ms) } : null;
}

export function* authenticate(token: string): Step<User | null> {
  return (yield* inspectToken(token))?.user ?? null;
}

export function* revokeToken(token: string): Step<boolean> {
  const changed = yield* run('UPDATE api_tokens SET revoked_at = ? WHERE token_sha256 = ? AND revoked_at IS NULL', [
    nowIso(),
    sha256Hex(token),
  ]);
  return changed > 0;
}

/** A user's tokens, newest first, revoked and (recently) expired ones included: ids and dates, never a secret or its hash. */
export function* listTokens(userId: string): Step<TokenSummary[]> {
  const rows = yield* all<Row>(
    'SELECT id, created_at, expires_ms, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC',
    [userId],
  );
  return rows.map((row) => ({
    id: String(row.id),
    createdAt: String(row.created_at),
    expiresAt: isoOrNull(row.expires_ms),
    revokedAt: row.revoked_at === null || row.revoked_at === undefined ? null : String(row.revoked_at),
  }));
}

/** Revokes one of the user's own tokens by id, expired or not; false when it is unknown, another user's or already revoked. */
export function* revokeTokenById(userId: string, tokenId: string): Step<boolean> {
  const changed = yield* run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL', [
    nowIso(),
    tokenId,
    userId,
  ]);
  return changed > 0;
}
