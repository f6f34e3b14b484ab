import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { ListItemView, PlaylistDetailView } from '../api/types.js';
import { EditPlaylist } from '../components/edit-playlist.js';
import { ListItemRow } from '../components/list-item-row.js';
import { Modal } from '../components/modal.js';

/** One playlist: its entries in order, each movable up or down and removable; the playlist can be deleted. */
export function PlaylistPage({ playlistId }: { playlistId: string }) {
  const api = useApi();
  const path = `/v1/playlists/${encodeURIComponent(playlistId)}`;
  const [detail, setDetail] = useState<PlaylistDetailView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    api.get<PlaylistDetailView>(path).then(setDetail, (e) => setError(describeError(e)));
  }, [api, path]);
  useEffect(load, [load]);

  async function act(change: () => Promise<unknown>) {
    setBusy(true);
    try {
      await change();
      setError(null);
      load();
    } catch (e) {
      setError(describeError(e));
    }
    setBusy(false);
  }

  const move = (entries: ListItemView[], from: number, to: number) => {
    const order = entries.map((e) => e.entryId);
    const [moved] = order.splice(from, 1);
    if (moved === undefined) return;
    order.splice(to, 0, moved);
    void act(async () => setDetail(await api.send<PlaylistDetailView>('PATCH', path, { entryIds: order })));
  };

  if (!detail)
    return error ? (
      <p class="alert alert-error" role="alert">
        {error}
      </p>
    ) : (
      <p class="muted">Loading…</p>
    );
  const { playlist, entries } = detail;
  return (
    <section aria-labelledby="playlist-title">
      <header class="page-header">
        <div>
          <p class="media-meta">
            <a href="#/playlists">Playlists</a>
          </p>
          <h1 id="playlist-title">{playlist.name}</h1>
          <p class="media-meta">
            {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
            {playlist.description ? ` • ${playlist.description}` : ''}
          </p>
        </div>
        <div class="list-item-actions">
          <button type="button" class="button" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
            Delete playlist
          </button>
        </div>
      </header>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {entries.length === 0 && (
        <p class="empty">This playlist is empty: add entries from My Media or a media page (Actions → Add to playlist).</p>
      )}
      <ol class="list-items" aria-label="Entries of the playlist">
        {entries.map((item, i) => (
          <ListItemRow key={item.entryId} item={item}>
            <button
              type="button"
              class="button"
              disabled={busy || i === 0}
              aria-label={`Move ${item.title} up`}
              onClick={() => move(entries, i, i - 1)}
            >
              ↑ Up
            </button>
            <button
              type="button"
              class="button"
              disabled={busy || i === entries.length - 1}
              aria-label={`Move ${item.title} down`}
              onClick={() => move(entries, i, i + 1)}
            >
              ↓ Down
            </button>
            <button
              type="button"
              class="button"
              disabled={busy}
              aria-label={`Remove ${item.title} from the playlist`}
              onClick={() => void act(() => api.send('DELETE', `${path}/entries/${encodeURIComponent(item.entryId)}`))}
            >
              Remove
            </button>
          </ListItemRow>
        ))}
      </ol>
      {editing && (
        <EditPlaylist
          playlist={playlist}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setDetail(saved);
            setEditing(false);
          }}
        />
      )}
      {confirming && (
        <Modal title="Delete playlist" size="small" onClose={() => setConfirming(false)}>
          <p>Delete “{playlist.name}”? Its entries stay in My Media.</p>
          <div class="form-actions">
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button
              type="button"
              class="button button-danger"
              onClick={() =>
                void api.send('DELETE', path).then(
                  () => {
                    window.location.hash = '#/playlists';
                  },
                  (e) => {
                    setConfirming(false);
                    setError(describeError(e));
                  },
                )
              }
            >
              Delete
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
