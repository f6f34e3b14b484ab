import { useRef, useState } from 'preact/hooks';
import type { EntryView } from '../api/types.js';
import { categoryName, useCategories } from '../lib/categories.js';
import { formatClock, formatDateTime } from '../lib/format.js';
import { entryHref } from '../lib/router.js';
import '../playlists.css';

const OCR_STATUS_NAMES: Record<EntryView['ocrStatus'], string> = {
  none: 'Not ordered',
  ordered: 'Ordered (pending or in progress)',
  ready: 'Ready: the on-screen text is searchable',
  error: 'Error',
};

type Tab = 'details' | 'share';

/** The media page's Details and Share tabs (arrow keys move between them, as tabs do). */
export function EntryTabs({ entry }: { entry: EntryView }) {
  const [tab, setTab] = useState<Tab>('details');
  const tabs: readonly [Tab, string][] = [
    ['details', 'Details'],
    ['share', 'Share'],
  ];
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next: Tab = tab === 'details' ? 'share' : 'details';
    setTab(next);
    refs.current[next]?.focus();
  };
  return (
    <section class="tabs" aria-label="About this entry">
      <div class="tab-list" role="tablist" onKeyDown={onKey}>
        {tabs.map(([id, name]) => (
          <button
            key={id}
            ref={(el) => {
              refs.current[id] = el;
            }}
            type="button"
            role="tab"
            class="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
          >
            {name}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'details' ? <Details entry={entry} /> : <Share entry={entry} />}
      </div>
    </section>
  );
}

function Details({ entry }: { entry: EntryView }) {
  const categories = useCategories();
  const rows: [string, string][] = [
    ['Title', entry.title],
    ['Description', entry.description.trim() === '' ? 'No description provided' : entry.description],
    ['Tags', entry.tags.length > 0 ? entry.tags.join(', ') : 'None'],
    ['Categories', entry.categoryIds.length > 0 ? entry.categoryIds.map((id) => categoryName(categories, id)).join(', ') : 'None'],
    ['Duration', entry.durationMs === null ? 'Unknown' : formatClock(entry.durationMs)],
    ['Created', formatDateTime(entry.createdAt)],
    ['Updated', formatDateTime(entry.updatedAt)],
    ['Owner', entry.ownerName ?? entry.ownerId],
    ['OCR status', OCR_STATUS_NAMES[entry.ocrStatus]],
  ];
  return (
    <dl class="details-list">
      {rows.map(([name, value]) => (
        <div key={name} class="details-row" data-detail={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The entry's link to copy (never with a token or a capability in it), and who can open it. */
function Share({ entry }: { entry: EntryView }) {
  const link = `${window.location.origin}${window.location.pathname}${entryHref(entry.id)}`;
  const [copied, setCopied] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      input.current?.select();
      setCopied('Select the link and copy it (Ctrl+C or ⌘C).');
    }
  };
  return (
    <div class="share">
      <label class="field" for="share-link">
        Link to this entry
      </label>
      <div class="share-link">
        <input id="share-link" ref={input} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p class="muted" role="status">
        {copied}
      </p>
      <p class="share-visibility">
        {entry.visibility === 'published'
          ? 'Published: anyone signed in to this service can open the link and find the video in Global Search.'
          : 'Private: only you and the admins of your account can open the link. Publish it (Actions → Publish) to share it.'}
      </p>
    </div>
  );
}
