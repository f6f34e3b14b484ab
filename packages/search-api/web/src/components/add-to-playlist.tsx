import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { PlaylistAddView, PlaylistView } from '../api/types.js';
import { playlistHref } from '../lib/router.js';
import { FormFooter } from './form-footer.js';
import { Modal } from './modal.js';

const NEW = '';

/**
 * "Add to playlist": choose one of your playlists or name a new one; the entries are appended in the
 * order given (POST /v1/playlists/:id/entries, or POST /v1/playlists with them). Says what happened.
 */
export function AddToPlaylist({ entryIds, onClose }: { entryIds: readonly string[]; onClose: () => void }) {
  const api = useApi();
  const [playlists, setPlaylists] = useState<PlaylistView[] | null>(null);
  const [chosen, setChosen] = useState(NEW);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ text: string; playlistId: string } | null>(null);

  useEffect(() => {
    api.get<{ playlists: PlaylistView[] }>('/v1/playlists').then(
      ({ playlists: mine }) => {
        setPlaylists(mine);
        if (mine[0]) setChosen(mine[0].id);
      },
      (e) => setError(describeError(e)),
    );
  }, [api]);

  async function add(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const count = `${entryIds.length} ${entryIds.length === 1 ? 'entry' : 'entries'}`;
      if (chosen === NEW) {
        const created = await api.send<PlaylistView>('POST', '/v1/playlists', { name: name.trim(), entryIds });
        setDone({ text: `Created “${created.name}” with ${count}.`, playlistId: created.id });
      } else {
        const answer = await api.send<PlaylistAddView>('POST', `/v1/playlists/${encodeURIComponent(chosen)}/entries`, { entryIds });
        const already =
          answer.already.length > 0 ? ` ${answer.already.length} ${answer.already.length === 1 ? 'was' : 'were'} there already.` : '';
        setDone({
          text: `Added ${answer.added.length} of ${entryIds.length} to “${answer.playlist.name}”.${already}`,
          playlistId: answer.playlist.id,
        });
      }
    } catch (e) {
      setError(describeError(e));
    }
    setBusy(false);
  }

  return (
    <Modal title="Add to playlist" size="small" onClose={onClose}>
      {done ? (
        <div class="order-form">
          <p class="alert alert-success" role="status">
            {done.text} <a href={playlistHref(done.playlistId)}>Open the playlist</a>
          </p>
          <div class="form-actions">
            <button type="button" class="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form class="order-form" onSubmit={add}>
          <div class="field">
            <label for="playlist-choice">Playlist</label>
            <select id="playlist-choice" value={chosen} disabled={playlists === null} onChange={(e) => setChosen(e.currentTarget.value)}>
              {(playlists ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.entryCount})
                </option>
              ))}
              <option value={NEW}>New playlist…</option>
            </select>
          </div>
          {chosen === NEW && (
            <label class="field">
              <span>New playlist name</span>
              <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </label>
          )}
          <FormFooter
            error={error}
            onCancel={onClose}
            busy={busy}
            disabled={playlists === null || (chosen === NEW && name.trim() === '')}
            label="Add"
            busyLabel="Adding…"
          />
        </form>
      )}
    </Modal>
  );
}
