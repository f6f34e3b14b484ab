import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { MomentView, SearchView } from '../api/types.js';
import { formatClock } from '../lib/format.js';
import { HighlightedText } from './highlighted-text.js';

/** Moments per search: the service's most per entry. */
const MOMENTS = 10;

/**
 * "Find in this video": Global Search narrowed to this entry (`entryId`), so it is typo-tolerant and
 * highlighted like it, and the service's access filter still decides what may be shown. Moments are
 * listed in time order; a click seeks the player.
 */
export function FindInVideo({ entryId, onSeek }: { entryId: string; onSeek: (ms: number) => void }) {
  const api = useApi();
  const [q, setQ] = useState('');
  const [moments, setMoments] = useState<MomentView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (query === '') {
      setMoments(null);
      return;
    }
    const timer = window.setTimeout(() => {
      const params = new URLSearchParams({ q: query, entryId, moments: String(MOMENTS), pageSize: '1' });
      api.get<SearchView>(`/v1/search?${params}`).then(
        (answer) => {
          setError(null);
          setMoments([...(answer.entries[0]?.moments ?? [])].sort((a, b) => a.startMs - b.startMs));
        },
        (e) => setError(describeError(e)),
      );
    }, 250);
    return () => window.clearTimeout(timer);
  }, [api, entryId, q]);

  return (
    <div class="find-in-video">
      <label class="field">
        <span>Find in this video</span>
        <input type="search" value={q} placeholder="Text shown on screen" onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {moments && moments.length === 0 && <p class="empty">No moment of this video shows “{q.trim()}”.</p>}
      {moments && moments.length > 0 && (
        <ol class="found-moments" aria-label="Moments found in this video">
          {moments.map((m) => (
            <li key={m.segmentId}>
              <button type="button" class="transcript-line" onClick={() => onSeek(m.startMs)}>
                <time class="timestamp">{formatClock(m.startMs)}</time>
                <HighlightedText highlighted={m.highlighted} />
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
