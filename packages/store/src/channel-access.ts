import { ErrorCode, OnscreenError } from '@onscreen/core';
import { loadUser } from './access.js';
import type { ChannelRole, User } from './domain.js';
import type { Row } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, type Step } from './sql/steps.js';

/**
 * Who may do what with a channel. Only users of the channel's account ever see it; of them, the owner,
 * its managers and the account's admins manage it; its members see it and add entries; a shared channel
 * is seen by (and takes entries from) every user of the account; a private one answers NOT_FOUND to the rest.
 */
export const MANAGING_ROLES: readonly ChannelRole[] = ['owner', 'manager', 'admin'];

export interface LoadedChannel {
  row: Row;
  actor: User;
  role: ChannelRole;
}

/** The user's role in a channel row (with `member_role`: the user's membership), null: may not see it. */
export function roleIn(user: User, row: Row): ChannelRole | null {
  if (String(row.account_id) !== user.accountId) return null;
  if (String(row.owner_id) === user.id) return 'owner';
  if (row.member_role === 'manager') return 'manager';
  if (user.role === 'admin') return 'admin';
  if (row.member_role === 'member') return 'member';
  return row.privacy === 'shared' ? 'viewer' : null;
}

/** Channel columns, its member count, and the membership of the user bound to the first `?`. */
export const CHANNEL_COLUMNS = `c.*, (SELECT COUNT(*) FROM channel_members n WHERE n.channel_id = c.id) AS member_count,
  (SELECT m.role FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = ?) AS member_role`;

/** The channel as the user sees it; NOT_FOUND when it is missing or hidden from them. */
export function* loadChannel(actorId: string, channelId: string): Step<LoadedChannel> {
  const actor = yield* loadUser(actorId);
  const row = yield* one<Row>(`SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id = ?`, [actor.id, channelId]);
  const role = row ? roleIn(actor, row) : null;
  if (!row || role === null) throw notFound('channel', channelId);
  return { row, actor, role };
}

/** As loadChannel, for what only its owner, managers and the account's admins may do (FORBIDDEN for the rest). */
export function* loadManagedChannel(actorId: string, channelId: string, what: string): Step<LoadedChannel> {
  const loaded = yield* loadChannel(actorId, channelId);
  if (!MANAGING_ROLES.includes(loaded.role)) {
    throw new OnscreenError(ErrorCode.FORBIDDEN, `Only the channel's owner, its managers and the account's admins may ${what}.`, {
      details: { channelId },
    });
  }
  return loaded;
}

/** For each of these ids that names a channel: the user's role in it (null: hidden from them). Other ids are left out. */
export function* channelRoles(actorId: string, ids: readonly string[]): Step<Map<string, ChannelRole | null>> {
  const roles = new Map<string, ChannelRole | null>();
  if (ids.length === 0) return roles;
  const actor = yield* loadUser(actorId);
  const rows = yield* all<Row>(`SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id IN {json_strings}`, [actor.id, JSON.stringify(ids)]);
  for (const row of rows) roles.set(String(row.id), roleIn(actor, row));
  return roles;
}
