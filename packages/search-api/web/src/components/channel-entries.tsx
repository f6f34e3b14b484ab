import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { Channel, ChannelEntryView, EntryList } from '../api/types.js';
import { OCR_STATUS_NAMES } from '../lib/media-query.js';
import { entryHref } from '../lib/router.js';

/**
 * A channel's entries (those the user may look at) and "Add to channel": an entry of the user's own
 * media; the channel's rules run for it as it joins.
 */
export function ChannelEntries({ channel }: { channel: Channel }) {
  const api = useApi();
  const path = `/v1/channels/${encodeURIComponent(channel.id)}/entries`;
  const [listed, setListed] = useState<{ entries: ChannelEntryView[]; total: number } | null>(null);
  const [mine, setMine] = useState<EntryList['entries']>([]);
  const [entryId, setEntryId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () =>
    api.get<{ entries: ChannelEntryView[]; total: number }>(`${path}?limit=200`).then(setListed, (e) => setError(describeError(e)));
  useEffect(() => {
    load();
    api.get<EntryList>('/v1/entries?limit=100&sort=name&order=asc').then(
      (r) => setMine(r.entries),
      () => setMine([]),
    );
  }, [api, path]);

  async function act(run: () => Promise<string>) {
    try {
      setNotice(await run());
      setError(null);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }
  const candidates = mine.filter((e) => !e.categoryIds.includes(channel.id));

  return (
    <section class="panel" aria-labelledby="entries-title">
      <h2 id="entries-title">Entries{listed ? ` (${listed.total})` : ''}</h2>
      <form
        class="inline-form"
        aria-label="Add to channel"
        onSubmit={(event) => {
          event.preventDefault();
          const title = mine.find((e) => e.id === entryId)?.title ?? entryId;
          act(async () => {
            await api.send('POST', path, { entryId });
            setEntryId('');
            return `"${title}" was added to the channel.`;
          });
        }}
      >
        <label class="field field-grow">
          <span>Entry from My Media</span>
          <select value={entryId} onChange={(e) => setEntryId(e.currentTarget.value)}>
            <option value="">Choose an entry…</option>
            {candidates.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button button-primary" disabled={entryId === ''}>
          Add to channel
        </button>
      </form>
      {notice && (
        <p class="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {listed &&
        (listed.entries.length === 0 ? (
          <p class="empty">No entries in this channel yet.</p>
        ) : (
          <ul class="plain-list" aria-label="Channel entries">
            {listed.entries.map((e) => (
              <li key={e.id} class="channel-entry">
                <img src={e.thumbnailUrl} alt="" loading="lazy" />
                <span class="grow">
                  <a class="channel-entry-title" href={entryHref(e.id)}>
                    {e.title}
                  </a>
                  <span class="card-meta">
                    {' '}
                    · {e.ownerName ?? e.ownerId} · {OCR_STATUS_NAMES[e.ocrStatus]}
                  </span>
                </span>
                {e.canRemove && (
                  <button
                    type="button"
                    class="button button-small"
                    aria-label={`Remove ${e.title} from the channel`}
                    onClick={() =>
                      act(async () => {
                        await api.send('DELETE', `${path}/${encodeURIComponent(e.id)}`);
                        return `"${e.title}" was removed from the channel.`;
                      })
                    }
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
