import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { EntryList, EntryView } from '../api/types.js';
import { ActionsMenu } from '../components/actions-menu.js';
import { MediaRow } from '../components/media-row.js';
import { OrderPanel } from '../components/order-panel.js';
import { UploadForm } from '../components/upload-form.js';
import { usePoll } from '../lib/use-poll.js';
import { isActive } from '../lib/vocabulary.js';

/** My Media: own entries (search, sort by creation date, upload), bulk Caption & Enrich. */
export function MyMedia() {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [newestFirst, setNewestFirst] = useState(true);
  const [list, setList] = useState<EntryList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [ordering, setOrdering] = useState<string[] | null>(null);
  const [showUpload, setShowUpload] = useState(false);

  const load = useCallback(() => {
    const params = new URLSearchParams({ limit: '50' });
    if (query.trim() !== '') params.set('q', query.trim());
    api.get<EntryList>(`/v1/entries?${params}`).then(
      (next) => {
        setList(next);
        setError(null);
      },
      (e) => setError(describeError(e)),
    );
  }, [api, query]);
  useEffect(() => {
    const timer = window.setTimeout(load, 200);
    return () => window.clearTimeout(timer);
  }, [load]);
  usePoll(list?.entries.some((e) => isActive(e.latestOrder?.status)) ?? false, load);

  const entries = [...(list?.entries ?? [])].sort((a, b) => (newestFirst ? -1 : 1) * a.createdAt.localeCompare(b.createdAt));
  const toggle = (entry: EntryView, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(entry.id);
    else next.delete(entry.id);
    setSelected(next);
  };
  const allSelected = entries.length > 0 && entries.every((e) => selected.has(e.id));

  return (
    <section aria-labelledby="my-media-title">
      <header class="page-header">
        <h1 id="my-media-title">My Media</h1>
        <button type="button" class="button button-primary" aria-expanded={showUpload} onClick={() => setShowUpload(!showUpload)}>
          {showUpload ? 'Close upload' : 'Upload'}
        </button>
      </header>
      {showUpload && <UploadForm onUploaded={load} />}
      <div class="toolbar">
        <label class="field field-grow">
          <span class="visually-hidden">Search my media</span>
          <input type="search" placeholder="Search all fields" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <label class="field field-inline">
          <span>Sort by</span>
          <select value={newestFirst ? 'newest' : 'oldest'} onChange={(e) => setNewestFirst(e.currentTarget.value === 'newest')}>
            <option value="newest">Creation date (newest first)</option>
            <option value="oldest">Creation date (oldest first)</option>
          </select>
        </label>
        <ActionsMenu disabled={selected.size === 0} onCaptionAndEnrich={() => setOrdering([...selected])} />
      </div>
      <div class="list-head">
        <label class="check-all">
          <input
            type="checkbox"
            checked={allSelected}
            onChange={(e) => setSelected(e.currentTarget.checked ? new Set(entries.map((x) => x.id)) : new Set())}
          />
          <span>Select all</span>
        </label>
        <span class="muted" aria-live="polite">
          {list
            ? `${list.total} ${list.total === 1 ? 'entry' : 'entries'}${selected.size > 0 ? `, ${selected.size} selected` : ''}`
            : 'Loading…'}
        </span>
      </div>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {list && entries.length === 0 && (
        <p class="empty">{query ? 'No media matches your search.' : 'No media yet: upload a video to start.'}</p>
      )}
      <ul class="media-list">
        {entries.map((entry) => (
          <MediaRow key={entry.id} entry={entry} selected={selected.has(entry.id)} onSelect={(on) => toggle(entry, on)} />
        ))}
      </ul>
      {ordering && (
        <OrderPanel
          entryIds={ordering}
          onClose={() => setOrdering(null)}
          onOrdered={() => {
            setSelected(new Set());
            load();
          }}
        />
      )}
    </section>
  );
}
