import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { Channel, ChannelMember, UserSummary } from '../api/types.js';

const MEMBER_ROLES = { member: 'Member', manager: 'Manager' } as const;

/** A channel's members; its managers add users of the account by name, change roles and remove members. */
export function ChannelMembers({ channel, manages, onChanged }: { channel: Channel; manages: boolean; onChanged: () => void }) {
  const api = useApi();
  const path = `/v1/channels/${encodeURIComponent(channel.id)}/members`;
  const [members, setMembers] = useState<ChannelMember[]>([]);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<ChannelMember['role']>('member');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ members: ChannelMember[] }>(path).then(
      (r) => setMembers(r.members),
      (e) => setError(describeError(e)),
    );
    if (manages)
      api.get<{ users: UserSummary[] }>('/v1/users').then(
        (r) => setUsers(r.users),
        () => setUsers([]),
      );
  }, [api, path, manages]);

  async function act(run: () => Promise<unknown>) {
    try {
      await run();
      setError(null);
      setMembers((await api.get<{ members: ChannelMember[] }>(path)).members);
      onChanged();
    } catch (e) {
      setError(describeError(e));
    }
  }
  const candidates = users.filter((u) => !members.some((m) => m.userId === u.id));

  return (
    <section class="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {manages && (
        <form
          class="inline-form"
          aria-label="Add a member"
          onSubmit={(event) => {
            event.preventDefault();
            act(() => api.send('POST', path, { userId, role })).then(() => setUserId(''));
          }}
        >
          <label class="field field-grow">
            <span>User</span>
            <select value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
              <option value="">Choose a user…</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Role</span>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value as ChannelMember['role'])}>
              <option value="member">{MEMBER_ROLES.member}</option>
              <option value="manager">{MEMBER_ROLES.manager}</option>
            </select>
          </label>
          <button type="submit" class="button button-primary" disabled={userId === ''}>
            Add member
          </button>
        </form>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <ul class="plain-list" aria-label="Channel members">
        {members.map((m) => (
          <li key={m.userId} class="member-row">
            <span class="grow member-name">{m.name}</span>
            {manages && m.userId !== channel.ownerId ? (
              <>
                <select
                  aria-label={`Role of ${m.name}`}
                  value={m.role}
                  onChange={(e) => act(() => api.send('POST', path, { userId: m.userId, role: e.currentTarget.value }))}
                >
                  <option value="member">{MEMBER_ROLES.member}</option>
                  <option value="manager">{MEMBER_ROLES.manager}</option>
                </select>
                <button
                  type="button"
                  class="button button-small"
                  aria-label={`Remove ${m.name}`}
                  onClick={() => act(() => api.send('DELETE', `${path}/${encodeURIComponent(m.userId)}`))}
                >
                  Remove
                </button>
              </>
            ) : (
              <span class="member-role">{m.userId === channel.ownerId ? 'Owner' : MEMBER_ROLES[m.role]}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
