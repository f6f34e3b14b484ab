import { useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';

const FORMATS = [
  { ext: 'vtt', name: 'WebVTT' },
  { ext: 'srt', name: 'SRT' },
  { ext: 'json', name: 'JSON' },
] as const;

/** Download the entry's on-screen text (the exports need the bearer token, so they are fetched, then saved). */
export function ExportButtons({ entryId, disabled }: { entryId: string; disabled: boolean }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  async function download(ext: string) {
    setError(null);
    try {
      const blob = await api.fetchBlob(`/v1/entries/${encodeURIComponent(entryId)}/ocr.${ext}`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${entryId}.${ext}`;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(describeError(e));
    }
  }
  return (
    <div class="exports">
      {FORMATS.map((f) => (
        <button key={f.ext} type="button" class="button" disabled={disabled} onClick={() => download(f.ext)}>
          {f.name}
        </button>
      ))}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
