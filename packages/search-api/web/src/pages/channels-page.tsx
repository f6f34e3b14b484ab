import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { Channel } from '../api/types.js';
import { channelHref } from '../lib/router.js';
import '../channels.css';

export const PRIVACY_NAMES = { private: 'Private', shared: 'Shared with the account' } as const;
export const ROLE_NAMES = { owner: 'Owner', manager: 'Manager', admin: 'Admin', member: 'Member', viewer: 'Viewer' } as const;

/** Channels: the ones the user sees, and a form to create one (any user may; they own it). */
export function ChannelsPage() {
  const api = useApi();
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api.get<{ channels: Channel[] }>('/v1/channels').then(
      (r) => setChannels(r.channels),
      (e) => setError(describeError(e)),
    );
  useEffect(() => {
    load();
  }, [api]);

  return (
    <section aria-labelledby="channels-title">
      <header class="page-header">
        <h1 id="channels-title">Channels</h1>
      </header>
      <CreateChannel onCreated={(channel) => (window.location.hash = channelHref(channel.id))} />
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {channels !== null &&
        (channels.length === 0 ? (
          <p class="empty">No channels yet.</p>
        ) : (
          <ul class="card-list" aria-label="Your channels">
            {channels.map((channel) => (
              <li key={channel.id} class="card channel-card">
                <a class="card-title" href={channelHref(channel.id)}>
                  {channel.name}
                </a>
                {channel.description && <p class="card-text">{channel.description}</p>}
                <p class="card-meta">
                  {PRIVACY_NAMES[channel.privacy]} · {channel.memberCount} {channel.memberCount === 1 ? 'member' : 'members'} · You:{' '}
                  {ROLE_NAMES[channel.myRole]}
                </p>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function CreateChannel({ onCreated }: { onCreated: (channel: Channel) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [privacy, setPrivacy] = useState<Channel['privacy']>('private');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      onCreated(await api.send<Channel>('POST', '/v1/channels', { name: name.trim(), description, privacy }));
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  }

  return (
    <form class="inline-form" aria-label="Create a channel" onSubmit={create}>
      <label class="field field-grow">
        <span>Channel name</span>
        <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field field-grow">
        <span>Description</span>
        <input type="text" maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Privacy</span>
        <select value={privacy} onChange={(e) => setPrivacy(e.currentTarget.value as Channel['privacy'])}>
          <option value="private">{PRIVACY_NAMES.private}</option>
          <option value="shared">{PRIVACY_NAMES.shared}</option>
        </select>
      </label>
      <button type="submit" class="button button-primary" disabled={busy || name.trim() === ''}>
        Create channel
      </button>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
