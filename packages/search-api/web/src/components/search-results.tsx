import { useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { MomentView, SearchEntryView, SearchView } from '../api/types.js';
import { formatClock } from '../lib/format.js';
import { entryFromSearchHref, entryHref } from '../lib/router.js';
import { HighlightedText } from './highlighted-text.js';

/** Moments fetched when a video's "More moments" is opened (the API's cap per entry). */
const MORE_MOMENTS = 10;

/**
 * Results grouped by video: its frame, title and owner, then its best moment (frame, time,
 * highlighted line). "More moments" asks the same search for that video alone, with up to ten.
 */
export function SearchResults({ entries, params, searchId }: { entries: SearchEntryView[]; params: URLSearchParams; searchId?: string }) {
  return (
    <ol class="results">
      {entries.map((hit) => (
        <SearchResult key={hit.entryId} hit={hit} params={params} searchId={searchId} />
      ))}
    </ol>
  );
}

function SearchResult({ hit, params, searchId }: { hit: SearchEntryView; params: URLSearchParams; searchId: string | undefined }) {
  // opening a result tells the service this search led there (it counts it once; see lib/entry-counting.ts)
  const open = (startMs?: number) =>
    searchId ? entryFromSearchHref(hit.entryId, { searchId, lead: hit.lead }, startMs) : entryHref(hit.entryId, startMs);
  const api = useApi();
  const [more, setMore] = useState<MomentView[] | null>(null);
  const [state, setState] = useState<'idle' | 'loading' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const moments = more ?? hit.moments;
  const first = hit.moments[0];

  const loadMore = () => {
    const request = new URLSearchParams(params);
    request.delete('page');
    request.set('entryId', hit.entryId);
    request.set('pageSize', '1');
    request.set('moments', String(MORE_MOMENTS));
    setState('loading');
    api.get<SearchView>(`/v1/search?${request}`).then(
      (answer) => {
        setMore(answer.entries[0]?.moments ?? hit.moments);
        setState('idle');
      },
      (e) => {
        setError(describeError(e));
        setState('error');
      },
    );
  };

  return (
    <li class="result" data-entry-id={hit.entryId}>
      <header class="result-header">
        {first && <img class="result-thumb" src={first.thumbnailUrl} alt="" width={120} height={68} loading="lazy" />}
        <div>
          <h2 class="result-title">
            <a href={open()}>{hit.entryTitle}</a>
          </h2>
          <p class="media-meta">{hit.ownerName ?? hit.ownerId}</p>
        </div>
      </header>
      <ul class="moments" id={`moments-${hit.entryId}`}>
        {moments.map((moment) => (
          <li key={moment.segmentId}>
            <a class="moment" href={open(moment.startMs)} data-start-ms={moment.startMs}>
              <img class="moment-thumb" src={moment.thumbnailUrl} alt="" width={96} height={54} loading="lazy" />
              <time class="timestamp">{formatClock(moment.startMs)}</time>
              <HighlightedText highlighted={moment.highlighted} />
              <span class="visually-hidden">, play from {formatClock(moment.startMs)}</span>
            </a>
          </li>
        ))}
      </ul>
      {more === null && (
        <button
          type="button"
          class="button-link more-moments"
          aria-controls={`moments-${hit.entryId}`}
          disabled={state === 'loading'}
          onClick={loadMore}
        >
          {state === 'loading' ? 'Loading moments…' : 'More moments from this video'}
        </button>
      )}
      {more !== null && more.length <= hit.moments.length && <p class="muted more-moments">No other moments match in this video.</p>}
      {state === 'error' && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
