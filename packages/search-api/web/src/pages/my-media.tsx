import type { EntrySearchField, EntrySort, SortOrder } from '@onscreen/core';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { EntryList, EntryView, Me, UserSummary } from '../api/types.js';
import { ActionsMenu } from '../components/actions-menu.js';
import { AddToPlaylist } from '../components/add-to-playlist.js';
import { applyToEntries, ConfirmDelete, type EntryChange } from '../components/bulk-entry-actions.js';
import { MediaFilters } from '../components/media-filters.js';
import { MediaRow } from '../components/media-row.js';
import { OrderPanel } from '../components/order-panel.js';
import { Pager } from '../components/pager.js';
import { UploadForm } from '../components/upload-form.js';
import { entriesPath, FIRST_PAGE, type MediaQuery, SEARCH_IN_NAMES, SORT_CHOICES } from '../lib/media-query.js';
import { usePoll } from '../lib/use-poll.js';
import { isActive } from '../lib/vocabulary.js';

/**
 * My Media: one page of the user's entries at a time, paged, sorted, filtered and searched by the
 * service ("Search In: All Fields" includes the on-screen text); upload; bulk Caption & Enrich.
 */
export function MyMedia() {
  const api = useApi();
  const [query, setQuery] = useState<MediaQuery>(FIRST_PAGE);
  const [typed, setTyped] = useState('');
  const [list, setList] = useState<EntryList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [ordering, setOrdering] = useState<string[] | null>(null);
  const [showUpload, setShowUpload] = useState(false);
  const [me, setMe] = useState<Me | null>(null);
  const [owners, setOwners] = useState<UserSummary[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [addingToPlaylist, setAddingToPlaylist] = useState<string[] | null>(null);

  const change = (patch: Partial<MediaQuery>) => setQuery((current) => ({ ...current, offset: 0, ...patch }));
  const load = useCallback(() => {
    api.get<EntryList>(entriesPath(query)).then(
      (next) => {
        setList(next);
        setError(null);
      },
      (e) => setError(describeError(e)),
    );
  }, [api, query]);
  useEffect(load, [load]);
  // the search box waits for a pause in typing
  useEffect(() => {
    const timer = window.setTimeout(() => typed !== query.q && change({ q: typed }), 250);
    return () => window.clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    api.get<Me>('/v1/me').then(setMe, () => {});
  }, [api]);
  useEffect(() => {
    if (me?.user.role !== 'admin') return;
    api.get<{ users: UserSummary[] }>('/v1/users').then(
      ({ users }) => setOwners(users),
      () => {},
    );
  }, [api, me]);
  usePoll(list?.entries.some((e) => isActive(e.latestOrder?.status)) ?? false, load);

  const entries = list?.entries ?? [];
  async function change_(kind: EntryChange) {
    setConfirmingDelete(false);
    const picked = entries.filter((e) => selected.has(e.id));
    setNotice(await applyToEntries(api, picked, kind));
    setSelected(new Set());
    load();
  }
  const toggle = (entry: EntryView, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(entry.id);
    else next.delete(entry.id);
    setSelected(next);
  };
  const allSelected = entries.length > 0 && entries.every((e) => selected.has(e.id));
  const filtered = [query.q.trim(), query.visibility, query.mediaType, query.ocrStatus, query.categoryId].some((v) => v !== '');

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
          <input
            type="search"
            placeholder={`Search ${SEARCH_IN_NAMES[query.searchIn]}`}
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </label>
        <div class="field field-inline">
          <label for="media-search-in">Search In</label>
          <select
            id="media-search-in"
            value={query.searchIn}
            onChange={(e) => change({ searchIn: e.currentTarget.value as EntrySearchField })}
          >
            {Object.entries(SEARCH_IN_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="media-sort">Sort by</label>
          <select
            id="media-sort"
            value={`${query.sort}:${query.order}`}
            onChange={(e) => {
              const [sort, order] = e.currentTarget.value.split(':') as [EntrySort, SortOrder];
              change({ sort, order });
            }}
          >
            {SORT_CHOICES.map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <ActionsMenu
          disabled={selected.size === 0}
          actions={[
            { label: 'Caption & Enrich', run: () => setOrdering([...selected]) },
            { label: 'Publish', run: () => void change_('publish') },
            { label: 'Unpublish', run: () => void change_('unpublish') },
            // in the order the page shows them
            { label: 'Add to playlist', run: () => setAddingToPlaylist(entries.filter((e) => selected.has(e.id)).map((e) => e.id)) },
            { label: 'Delete', run: () => setConfirmingDelete(true) },
          ]}
        />
      </div>
      <MediaFilters query={query} owners={owners} meId={me?.user.id ?? null} onChange={change} />
      <div class="list-head">
        <label class="check-all">
          <input
            type="checkbox"
            checked={allSelected}
            onChange={(e) => setSelected(e.currentTarget.checked ? new Set(entries.map((x) => x.id)) : new Set())}
          />
          <span>Select all on this page</span>
        </label>
        <span class="muted" aria-live="polite">
          {list
            ? `${list.total.toLocaleString('en')} ${list.total === 1 ? 'entry' : 'entries'}${selected.size > 0 ? `, ${selected.size} selected` : ''}`
            : 'Loading…'}
        </span>
      </div>
      {list?.ocrMatchesCapped && (
        <p class="alert alert-info" role="note">
          The on-screen text matches more entries than are looked at; refine the search to see them all.
        </p>
      )}
      {notice && (
        <p class="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {confirmingDelete && (
        <ConfirmDelete count={selected.size} onConfirm={() => void change_('delete')} onClose={() => setConfirmingDelete(false)} />
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {list && entries.length === 0 && (
        <p class="empty">{filtered ? 'No media matches your search.' : 'No media yet: upload a video to start.'}</p>
      )}
      <ul class="media-list">
        {entries.map((entry) => (
          <MediaRow key={entry.id} entry={entry} selected={selected.has(entry.id)} onSelect={(on) => toggle(entry, on)} />
        ))}
      </ul>
      {list && list.total > 0 && (
        <Pager
          total={list.total}
          limit={query.limit}
          offset={query.offset}
          onPage={(offset) => setQuery((current) => ({ ...current, offset: Math.max(0, offset) }))}
          onPageSize={(limit) => change({ limit })}
        />
      )}
      {addingToPlaylist && (
        <AddToPlaylist
          entryIds={addingToPlaylist}
          onClose={() => {
            setAddingToPlaylist(null);
            setSelected(new Set());
          }}
        />
      )}
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
