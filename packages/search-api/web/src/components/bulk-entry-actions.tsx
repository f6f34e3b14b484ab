import { useState } from 'preact/hooks';
import { describeError, type useApi } from '../api/context.js';
import type { EntryView } from '../api/types.js';
import { Modal } from './modal.js';

/**
 * My Media's bulk Publish / Unpublish / Delete over the selected entries, one request per entry (the
 * service checks each one); the answer says how many changed and which failed. Delete asks first, with the count.
 */
export type EntryChange = 'publish' | 'unpublish' | 'delete';

export async function applyToEntries(
  api: ReturnType<typeof useApi>,
  entries: readonly Pick<EntryView, 'id' | 'title'>[],
  change: EntryChange,
): Promise<string> {
  const failed: string[] = [];
  for (const entry of entries) {
    const path = `/v1/entries/${encodeURIComponent(entry.id)}`;
    try {
      if (change === 'delete') await api.send('DELETE', path);
      else await api.send('PATCH', path, { visibility: change === 'publish' ? 'published' : 'private' });
    } catch (error) {
      failed.push(`${entry.title}: ${describeError(error)}`);
    }
  }
  const done = entries.length - failed.length;
  const verb = change === 'delete' ? 'Deleted' : change === 'publish' ? 'Published' : 'Unpublished';
  return `${verb} ${done} of ${entries.length}.${failed.length > 0 ? ` Not changed: ${failed.join('; ')}` : ''}`;
}

export function ConfirmDelete({ count, onConfirm, onClose }: { count: number; onConfirm: () => void; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Delete media" size="small" onClose={onClose}>
      <p>
        Delete {count} {count === 1 ? 'entry' : 'entries'}? Their videos, on-screen text and pending requests go too. This cannot be undone.
      </p>
      <div class="form-actions">
        <button type="button" class="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          class="button button-danger"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            onConfirm();
          }}
        >
          Delete {count}
        </button>
      </div>
    </Modal>
  );
}
