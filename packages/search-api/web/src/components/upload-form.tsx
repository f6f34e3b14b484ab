import { useRef, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { EntryView } from '../api/types.js';

/** Upload a video: file + title (the API probes it before accepting it). */
export function UploadForm({ onUploaded }: { onUploaded: (entry: EntryView) => void }) {
  const api = useApi();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set('title', title.trim() || file.name);
    form.set('file', file, file.name);
    setBusy(true);
    setMessage(null);
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ sent: 0, total: file.size });
    try {
      const entry = await api.uploadWithProgress<EntryView>(
        '/v1/entries',
        form,
        (sent, total) => setProgress({ sent, total: total || file.size }),
        controller.signal,
      );
      setMessage({ ok: true, text: `Uploaded "${entry.title}".` });
      setTitle('');
      setFile(null);
      (event.target as HTMLFormElement).reset();
      onUploaded(entry);
    } catch (error) {
      const canceled = error instanceof DOMException && error.name === 'AbortError';
      setMessage({ ok: false, text: canceled ? 'The upload was canceled.' : describeError(error) });
    } finally {
      setBusy(false);
      setProgress(null);
      abort.current = null;
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
      {progress && (
        <div class="upload-progress">
          <progress max={progress.total || 1} value={progress.sent} aria-label="Upload progress" />
          <span aria-live="polite">{percentOf(progress)}%</span>
          <button type="button" class="button" onClick={() => abort.current?.abort()}>
            Cancel upload
          </button>
        </div>
      )}
      {message && (
        <p class={`alert ${message.ok ? 'alert-success' : 'alert-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

const percentOf = ({ sent, total }: { sent: number; total: number }) => (total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : 0);
