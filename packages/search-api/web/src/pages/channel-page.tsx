import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { Channel } from '../api/types.js';
import { ChannelEntries } from '../components/channel-entries.js';
import { ChannelMembers } from '../components/channel-members.js';
import { PRIVACY_NAMES, ROLE_NAMES } from './channels-page.js';
import '../channels.css';

const MANAGING = ['owner', 'manager', 'admin'];

/** One channel: what it is, its members (managed by its owner, managers and admins), its entries and its rules. */
export function ChannelPage({ channelId }: { channelId: string }) {
  const api = useApi();
  const [channel, setChannel] = useState<Channel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/v1/channels/${encodeURIComponent(channelId)}`;
  const load = () => api.get<Channel>(path).then(setChannel, (e) => setError(describeError(e)));
  useEffect(() => {
    load();
  }, [api, channelId]);

  if (error) {
    return (
      <section aria-labelledby="channel-title">
        <h1 id="channel-title">Channel</h1>
        <p class="alert alert-error" role="alert">
          {error}
        </p>
        <a href="#/channels">Back to channels</a>
      </section>
    );
  }
  if (!channel) return <p class="muted">Loading…</p>;
  const manages = MANAGING.includes(channel.myRole);

  async function remove() {
    if (!channel || !window.confirm(`Delete the channel "${channel.name}" and its rules? Its entries stay, outside it.`)) return;
    try {
      await api.send('DELETE', path);
      window.location.hash = '#/channels';
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <section aria-labelledby="channel-title">
      <header class="page-header">
        <div>
          <p class="muted">
            <a href="#/channels">Channels</a>
          </p>
          <h1 id="channel-title">{channel.name}</h1>
          {channel.description && <p>{channel.description}</p>}
          <p class="card-meta">
            {PRIVACY_NAMES[channel.privacy]} · You: {ROLE_NAMES[channel.myRole]}
          </p>
        </div>
        <div class="card-actions">
          {manages && (
            <a class="button" href={`#/rules?target=${encodeURIComponent(channel.id)}`}>
              Rules
            </a>
          )}
          {(channel.myRole === 'owner' || channel.myRole === 'admin') && (
            <button type="button" class="button" onClick={remove}>
              Delete channel
            </button>
          )}
        </div>
      </header>
      <ChannelEntries channel={channel} />
      <ChannelMembers channel={channel} manages={manages} onChanged={load} />
    </section>
  );
}
