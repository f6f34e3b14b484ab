import { useApi } from '../api/context.js';
import type { SearchEntryView } from '../api/types.js';
import { formatClock } from '../lib/format.js';
import { entryHref } from '../lib/router.js';
import { HighlightedText } from './highlighted-text.js';

/** Results grouped by video: its frame, title and owner, then its moments (frame, time, highlighted line). */
export function SearchResults({ entries }: { entries: SearchEntryView[] }) {
  const api = useApi();
  return (
    <ol class="results">
      {entries.map((hit) => {
        const first = hit.moments[0];
        return (
          <li key={hit.entryId} class="result" data-entry-id={hit.entryId}>
            <header class="result-header">
              {first && <img class="result-thumb" src={api.withToken(first.thumbnailUrl)} alt="" width={120} height={68} loading="lazy" />}
              <div>
                <h2 class="result-title">
                  <a href={entryHref(hit.entryId)}>{hit.entryTitle}</a>
                </h2>
                <p class="media-meta">{hit.ownerId}</p>
              </div>
            </header>
            <ul class="moments">
              {hit.moments.map((moment) => (
                <li key={moment.segmentId}>
                  <a class="moment" href={entryHref(hit.entryId, moment.startMs)} data-start-ms={moment.startMs}>
                    <img class="moment-thumb" src={api.withToken(moment.thumbnailUrl)} alt="" width={96} height={54} loading="lazy" />
                    <time class="timestamp">{formatClock(moment.startMs)}</time>
                    <HighlightedText highlighted={moment.highlighted} />
                    <span class="visually-hidden">, play from {formatClock(moment.startMs)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
