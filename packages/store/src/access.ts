import type { Order } from '@onscreen/core';
import type { User } from './domain.js';
import { notFound } from './sql/errors.js';
import { one, type Step } from './sql/steps.js';
import { type Row, toEntry, toUser } from './rows.js';
import type { EntryRecord } from './types.js';

/** Who may act on what: a user manages their own entries and orders; an admin, all of their account's. */
export function* loadUser(userId: string): Step<User> {
  const row = yield* one<Row>('SELECT * FROM users WHERE id = ?', [userId]);
  if (!row) throw notFound('user', userId);
  return toUser(row);
}

export interface OwnedEntry {
  entry: EntryRecord;
  ownerAccountId: string;
}

export function* loadEntry(entryId: string): Step<OwnedEntry | undefined> {
  const row = yield* one<Row>(
    'SELECT e.*, u.account_id AS owner_account_id FROM entries e JOIN users u ON u.id = e.owner_id WHERE e.id = ?',
    [entryId],
  );
  return row ? { entry: toEntry(row), ownerAccountId: String(row.owner_account_id) } : undefined;
}

export function canManageEntry(user: User, owned: OwnedEntry): boolean {
  return owned.entry.ownerId === user.id || (user.role === 'admin' && owned.ownerAccountId === user.accountId);
}

/** The entry if the user may manage it; someone else's answers NOT_FOUND, never FORBIDDEN. */
export function* loadManagedEntry(user: User, entryId: string): Step<OwnedEntry> {
  const owned = yield* loadEntry(entryId);
  if (!owned || !canManageEntry(user, owned)) throw notFound('entry', entryId);
  return owned;
}

export function canSeeOrder(user: User, order: Order): boolean {
  return order.requesterId === user.id || (user.role === 'admin' && order.accountId === user.accountId);
}
