import { useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { PlaylistDetailView, PlaylistView } from '../api/types.js';
import { FormFooter } from './form-footer.js';
import { Modal } from './modal.js';

/** Rename a playlist or change its description (PATCH /v1/playlists/:id). */
export function EditPlaylist({
  playlist,
  onSaved,
  onClose,
}: {
  playlist: PlaylistView;
  onSaved: (detail: PlaylistDetailView) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [name, setName] = useState(playlist.name);
  const [description, setDescription] = useState(playlist.description);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      onSaved(
        await api.send<PlaylistDetailView>('PATCH', `/v1/playlists/${encodeURIComponent(playlist.id)}`, { name: name.trim(), description }),
      );
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  }
  return (
    <Modal title="Edit playlist" size="small" onClose={onClose}>
      <form class="order-form" onSubmit={save}>
        <label class="field">
          <span>Name</span>
          <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Description</span>
          <textarea rows={3} maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <FormFooter error={error} onCancel={onClose} busy={busy} disabled={name.trim() === ''} />
      </form>
    </Modal>
  );
}
