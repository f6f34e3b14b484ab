import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { PlaylistView } from '../api/types.js';
import { formatDate } from '../lib/format.js';
import { playlistHref } from '../lib/router.js';
import '../playlists.css';

/** Playlists: yours, newest first; create one here, or from "Add to playlist" in My Media or on a media page. */
export function PlaylistsPage() {
  const api = useApi();
  const [playlists, setPlaylists] = useState<PlaylistView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');

  const load = useCallback(() => {
    api.get<{ playlists: PlaylistView[] }>('/v1/playlists').then(
      (answer) => setPlaylists(answer.playlists),
      (e) => setError(describeError(e)),
    );
  }, [api]);
  useEffect(load, [load]);

  async function create(event: Event) {
    event.preventDefault();
    try {
      await api.send('POST', '/v1/playlists', { name: name.trim(), description });
      setName('');
      setDescription('');
      setError(null);
      load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <section aria-labelledby="playlists-title">
      <header class="page-header">
        <h1 id="playlists-title">Playlists</h1>
      </header>
      <form class="inline-form" onSubmit={create} aria-label="New playlist">
        <label class="field field-grow">
          <span>Name</span>
          <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field field-grow">
          <span>Description</span>
          <input type="text" maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button-primary" disabled={name.trim() === ''}>
          Create playlist
        </button>
      </form>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {playlists === null && !error && <p class="muted">Loading…</p>}
      {playlists?.length === 0 && <p class="empty">No playlists yet: create one, or use “Add to playlist” in My Media.</p>}
      <ul class="playlist-cards">
        {(playlists ?? []).map((p) => (
          <li key={p.id} class="playlist-card" data-playlist-id={p.id}>
            <a class="playlist-card-name" href={playlistHref(p.id)}>
              {p.name}
            </a>
            <span class="media-meta">
              {p.entryCount} {p.entryCount === 1 ? 'entry' : 'entries'} • updated {formatDate(p.updatedAt)}
            </span>
            {p.description && <span class="muted">{p.description}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
