import { useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { EntryView } from '../api/types.js';

/** Upload a video: file + title (the API probes it before accepting it). */
export function UploadForm({ onUploaded }: { onUploaded: (entry: EntryView) => void }) {
  const api = useApi();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set('title', title.trim() || file.name);
    form.set('file', file, file.name);
    setBusy(true);
    setMessage(null);
    try {
      const entry = await api.upload<EntryView>('/v1/entries', form);
      setMessage({ ok: true, text: `Uploaded "${entry.title}".` });
      setTitle('');
      setFile(null);
      (event.target as HTMLFormElement).reset();
      onUploaded(entry);
    } catch (error) {
      setMessage({ ok: false, text: describeError(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="upload-form" onSubmit={submit} aria-label="Upload a video">
      <label class="field">
        <span>Video file</span>
        <input type="file" name="file" accept="video/*" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </label>
      <label class="field">
        <span>Title</span>
        <input
          type="text"
          name="title"
          maxLength={500}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
          placeholder="Defaults to the file name"
        />
      </label>
      <button type="submit" class="button button-primary" disabled={busy || !file}>
        {busy ? 'Uploading…' : 'Upload'}
      </button>
      {message && (
        <p class={`alert ${message.ok ? 'alert-success' : 'alert-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
