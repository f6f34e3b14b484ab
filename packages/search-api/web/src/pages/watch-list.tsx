import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { WatchListView } from '../api/types.js';
import { ListItemRow } from '../components/list-item-row.js';

/** The Watch List: entries you put aside to watch, newest first; remove one when done. */
export function WatchListPage() {
  const api = useApi();
  const [list, setList] = useState<WatchListView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.get<WatchListView>('/v1/watch-list').then(setList, (e) => setError(describeError(e)));
  }, [api]);
  useEffect(load, [load]);

  const remove = async (entryId: string) => {
    try {
      await api.send('DELETE', `/v1/watch-list/${encodeURIComponent(entryId)}`);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
    load();
  };

  return (
    <section aria-labelledby="watch-list-title">
      <header class="page-header">
        <h1 id="watch-list-title">Watch List</h1>
      </header>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {list === null && !error && <p class="muted">Loading…</p>}
      {list?.entries.length === 0 && <p class="empty">Your Watch List is empty: open a video and choose Actions → Add to Watch List.</p>}
      <ul class="list-items" aria-label="Entries on your Watch List">
        {(list?.entries ?? []).map((item) => (
          <ListItemRow key={item.entryId} item={item}>
            <button
              type="button"
              class="button"
              aria-label={`Remove ${item.title} from the Watch List`}
              onClick={() => void remove(item.entryId)}
            >
              Remove
            </button>
          </ListItemRow>
        ))}
      </ul>
    </section>
  );
}
