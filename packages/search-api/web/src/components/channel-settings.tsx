import { useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { Channel } from '../api/types.js';
import { PRIVACY_NAMES } from '../pages/channels-page.js';
import { FormFooter } from './form-footer.js';
import { Modal } from './modal.js';

/** Edit a channel (its owner, managers and admins): name, description, and who sees it. */
export function ChannelSettings({
  channel,
  onSaved,
  onClose,
}: {
  channel: Channel;
  onSaved: (channel: Channel) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [name, setName] = useState(channel.name);
  const [description, setDescription] = useState(channel.description);
  const [privacy, setPrivacy] = useState(channel.privacy);
  const [error, setError] = useState<string | null>(null);

  async function save(event: Event) {
    event.preventDefault();
    try {
      onSaved(
        await api.send<Channel>('PATCH', `/v1/channels/${encodeURIComponent(channel.id)}`, { name: name.trim(), description, privacy }),
      );
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <Modal title="Edit channel" size="small" onClose={onClose}>
      <form class="order-form" onSubmit={save}>
        <label class="field">
          <span>Channel name</span>
          <input type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Description</span>
          <textarea rows={3} maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Privacy</span>
          <select value={privacy} onChange={(e) => setPrivacy(e.currentTarget.value as Channel['privacy'])}>
            <option value="private">{PRIVACY_NAMES.private}: its members only</option>
            <option value="shared">{PRIVACY_NAMES.shared}: every user sees it and may add entries</option>
          </select>
        </label>
        <FormFooter error={error} onCancel={onClose} disabled={name.trim() === ''} />
      </form>
    </Modal>
  );
}
