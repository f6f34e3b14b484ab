import { ChannelMemberRoleSchema, ChannelPrivacySchema, ChannelSchema, ErrorCode, OnscreenError } from '@onscreen/core';
import { loadUser } from './access.js';
import { CHANNEL_COLUMNS, loadChannel, loadManagedChannel, roleIn } from './channel-access.js';
import type { Channel, ChannelMember } from './domain.js';
import { leaveCategory } from './galleries.js';
import { type Row, toChannel } from './rows.js';
import { notFound } from './sql/errors.js';
import { all, one, run, type Step } from './sql/steps.js';
import type { ChannelPatch, NewChannel } from './types.js';
import { newId, nowIso, parseInput } from './util.js';

/** Channels: named, owned by a user, private to their members or shared with the account. Access: channel-access.ts. */
const nameOf = (value: unknown) => parseInput(ChannelSchema.shape.name, value, 'channel name');
const descriptionOf = (value: unknown) => parseInput(ChannelSchema.shape.description, value, 'channel description');

export function* createChannel(actorId: string, input: NewChannel): Step<Channel> {
  const actor = yield* loadUser(actorId);
  const name = nameOf(input.name);
  const description = descriptionOf(input.description ?? '');
  const privacy = parseInput(ChannelPrivacySchema, input.privacy ?? 'private', 'channel privacy');
  const id = newId('chn');
  const now = nowIso();
  yield* run(
    `INSERT INTO channels (id, account_id, owner_id, name, description, privacy, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, actor.accountId, actor.id, name, description, privacy, now, now],
  );
  yield* run("INSERT INTO channel_members (channel_id, user_id, role, created_at) VALUES (?, ?, 'manager', ?)", [id, actor.id, now]);
  return (yield* getChannel(actorId, id)) as Channel;
}

/** The channels the user sees (shared ones of the account, private ones they belong to; admins: all), by name. */
export function* listChannels(actorId: string): Step<Channel[]> {
  const actor = yield* loadUser(actorId);
  const rows = yield* all<Row>(
    `SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.account_id = ? AND (c.privacy = 'shared' OR ? = 'admin'
       OR EXISTS (SELECT 1 FROM channel_members x WHERE x.channel_id = c.id AND x.user_id = ?))
     ORDER BY lower(c.name), c.seq`,
    [actor.id, actor.accountId, actor.role, actor.id],
  );
  return rows.flatMap((row) => {
    const role = roleIn(actor, row);
    return role === null ? [] : [toChannel(row, role)];
  });
}

export function* getChannel(actorId: string, channelId: string): Step<Channel> {
  const { row, role } = yield* loadChannel(actorId, channelId);
  return toChannel(row, role);
}

export function* updateChannel(actorId: string, channelId: string, patch: ChannelPatch): Step<Channel> {
  const { row } = yield* loadManagedChannel(actorId, channelId, 'change it');
  yield* run('UPDATE channels SET name = ?, description = ?, privacy = ?, updated_at = ? WHERE id = ?', [
    patch.name === undefined ? row.name : nameOf(patch.name),
    patch.description === undefined ? row.description : descriptionOf(patch.description),
    patch.privacy === undefined ? row.privacy : parseInput(ChannelPrivacySchema, patch.privacy, 'channel privacy'),
    nowIso(),
    channelId,
  ]);
  return yield* getChannel(actorId, channelId);
}

/** Deletes the channel (owner or an admin), its members and rules; its entries leave it (search follows). */
export function* deleteChannel(actorId: string, channelId: string): Step<void> {
  const { row, role, actor } = yield* loadChannel(actorId, channelId);
  if (role !== 'owner' && actor.role !== 'admin') {
    throw new OnscreenError(ErrorCode.FORBIDDEN, "Only the channel's owner and the account's admins may delete it.", {
      details: { channelId },
    });
  }
  const accountId = String(row.account_id);
  yield* run("DELETE FROM rules WHERE account_id = ? AND category_id = ? AND target = 'channel'", [accountId, channelId]);
  yield* run('DELETE FROM channel_members WHERE channel_id = ?', [channelId]);
  yield* leaveCategory(accountId, channelId);
  yield* run('DELETE FROM channels WHERE id = ?', [channelId]);
}

export function* listChannelMembers(actorId: string, channelId: string): Step<ChannelMember[]> {
  yield* loadChannel(actorId, channelId);
  const rows = yield* all<Row>(
    `SELECT m.user_id, m.role, m.created_at, u.name FROM channel_members m JOIN users u ON u.id = m.user_id
     WHERE m.channel_id = ? ORDER BY CASE m.role WHEN 'manager' THEN 0 ELSE 1 END, lower(u.name), m.user_id`,
    [channelId],
  );
  return rows.map((r) => ({
    userId: String(r.user_id),
    name: String(r.name),
    role: r.role === 'manager' ? 'manager' : 'member',
    addedAt: String(r.created_at),
  }));
}

/** Adds a user of the channel's account as a member or manager, or changes their role. */
export function* setChannelMember(actorId: string, channelId: string, userId: string, role: unknown): Step<ChannelMember[]> {
  const { row } = yield* loadManagedChannel(actorId, channelId, 'manage its members');
  const memberRole = parseInput(ChannelMemberRoleSchema, role, 'member role');
  const user = yield* one<Row>('SELECT id, account_id FROM users WHERE id = ?', [userId]);
  if (!user || String(user.account_id) !== String(row.account_id)) throw notFound('user', userId);
  if (userId === String(row.owner_id) && memberRole !== 'manager') {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, "The channel's owner is always one of its managers.", { details: { userId } });
  }
  yield* run(
    `INSERT INTO channel_members (channel_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel_id, user_id) DO UPDATE SET role = excluded.role`,
    [channelId, userId, memberRole, nowIso()],
  );
  return yield* listChannelMembers(actorId, channelId);
}

/** Managers remove anyone but the owner; a member may leave. False when the user was not a member. */
export function* removeChannelMember(actorId: string, channelId: string, userId: string): Step<boolean> {
  const { row } =
    userId === actorId ? yield* loadChannel(actorId, channelId) : yield* loadManagedChannel(actorId, channelId, 'manage its members');
  if (userId === String(row.owner_id)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, "The channel's owner cannot leave it (delete the channel instead).", {
      details: { userId },
    });
  }
  return (yield* run('DELETE FROM channel_members WHERE channel_id = ? AND user_id = ?', [channelId, userId])) > 0;
}
