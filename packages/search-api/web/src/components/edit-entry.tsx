import { useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { EntryView } from '../api/types.js';
import { CategoryPicker } from './category-picker.js';
import { FormFooter } from './form-footer.js';
import { Modal } from './modal.js';

const listOf = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** Edit an entry: title, description, tags (comma-separated), galleries and channels by name; PATCH /v1/entries/:id. */
export function EditEntry({ entry, onSaved, onClose }: { entry: EntryView; onSaved: (entry: EntryView) => void; onClose: () => void }) {
  const api = useApi();
  const [title, setTitle] = useState(entry.title);
  const [description, setDescription] = useState(entry.description);
  const [tags, setTags] = useState(entry.tags.join(', '));
  const [categoryIds, setCategoryIds] = useState(entry.categoryIds);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const body = { title: title.trim(), description, tags: listOf(tags), categoryIds };
      onSaved(await api.send<EntryView>('PATCH', `/v1/entries/${encodeURIComponent(entry.id)}`, body));
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  }

  return (
    <Modal title="Edit entry" onClose={onClose}>
      <form class="order-form" onSubmit={save}>
        <label class="field">
          <span>Title</span>
          <input type="text" required maxLength={500} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Description</span>
          <textarea rows={4} maxLength={10_000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Tags</span>
          <input type="text" value={tags} placeholder="comma, separated" onInput={(e) => setTags(e.currentTarget.value)} />
        </label>
        <CategoryPicker value={categoryIds} onChange={setCategoryIds} />
        <FormFooter error={error} onCancel={onClose} busy={busy} disabled={title.trim() === ''} />
      </form>
    </Modal>
  );
}
