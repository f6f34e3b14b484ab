import type { Order } from '@onscreen/core';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { EntryView, LabelList, OcrJson, OrderList } from '../api/types.js';
import { ActionsMenu } from '../components/actions-menu.js';
import { AddToPlaylist } from '../components/add-to-playlist.js';
import { EntryAnalytics } from '../components/entry-analytics.js';
import { EntryTabs } from '../components/entry-tabs.js';
import { type SearchLead, entryHref } from '../lib/router.js';
import { useEntryCounting } from '../lib/entry-counting.js';
import { EditEntry } from '../components/edit-entry.js';
import { ExistingRequests } from '../components/existing-requests.js';
import { ExportButtons } from '../components/export-buttons.js';
import { FindInVideo } from '../components/find-in-video.js';
import { LabelChips } from '../components/label-chips.js';
import { OcrTranscript } from '../components/ocr-transcript.js';
import { OrderPanel } from '../components/order-panel.js';
import { formatDate } from '../lib/format.js';

const LABELS_SHOWN = 12;

/** One entry: the player, its OCR labels, the on-screen text (click to seek), exports, Caption & Enrich and Existing Requests. */
export function EntryPage({ entryId, startS, lead }: { entryId: string; startS: number | undefined; lead?: SearchLead | undefined }) {
  const api = useApi();
  const base = `/v1/entries/${encodeURIComponent(entryId)}`;
  const video = useRef<HTMLVideoElement>(null);
  const [entry, setEntry] = useState<EntryView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [labels, setLabels] = useState<LabelList | null>(null);
  const [segments, setSegments] = useState<OcrJson['segments']>([]);
  const [currentMs, setCurrentMs] = useState(0);
  const [ordering, setOrdering] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [readyOrderId, setReadyOrderId] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [addingToPlaylist, setAddingToPlaylist] = useState(false);
  const [showAnalytics, setShowAnalytics] = useState(false);
  const { countPlay } = useEntryCounting(entryId, lead, () =>
    window.history.replaceState(null, '', entryHref(entryId, startS === undefined ? undefined : startS * 1000)),
  );

  const addToWatchList = async () => {
    try {
      const answer = await api.send<{ added: boolean }>('POST', '/v1/watch-list', { entryId });
      setInfo(answer.added ? 'Added to your Watch List.' : 'Already on your Watch List.');
      setNotice(null);
    } catch (e) {
      setNotice(describeError(e));
    }
  };

  const setVisibility = async (visibility: 'published' | 'private') => {
    try {
      setEntry(await api.send<EntryView>('PATCH', base, { visibility }));
      setNotice(null);
    } catch (e) {
      setNotice(describeError(e));
    }
  };

  useEffect(() => {
    setEntry(null);
    setError(null);
    api.get<EntryView>(base).then(setEntry, (e) => setError(describeError(e)));
  }, [api, base]);

  const loadText = useCallback(() => {
    api.get<LabelList>(`${base}/labels`).then(setLabels, () => setLabels(null));
    api.get<OcrJson>(`${base}/ocr.json`).then(
      (json) => setSegments([...json.segments].sort((a, b) => a.startMs - b.startMs)),
      () => setSegments([]),
    );
  }, [api, base]);
  useEffect(loadText, [loadText, readyOrderId]);

  // When the newest ready order changes (an order just finished), the text is reloaded.
  const onOrders = (list: OrderList) => setReadyOrderId(list.orders.find((o: Order) => o.status === 'ready')?.id ?? null);

  // The video's URL carries a capability that expires after some minutes: when the player fails (e.g. a
  // later range request after expiry), the entry is asked for again and playback resumes where it was.
  const resumeAt = useRef<number | undefined>(undefined);
  const renewSource = () => {
    const at = video.current?.currentTime ?? 0;
    api.get<EntryView>(base).then(
      (fresh) => {
        if (fresh.mediaUrl === entry?.mediaUrl) return;
        resumeAt.current = at * 1000;
        setEntry(fresh);
      },
      () => {},
    );
  };

  const seek = (ms: number) => {
    const player = video.current;
    if (!player) return;
    player.currentTime = ms / 1000;
    player.play().catch(() => {});
  };

  if (error)
    return (
      <p class="alert alert-error" role="alert">
        {error}
      </p>
    );
  if (!entry) return <p class="muted">Loading…</p>;
  const shown = labels?.labels.slice(0, LABELS_SHOWN).map((l) => l.text) ?? [];
  return (
    <article class="entry-page" aria-labelledby="entry-title">
      <header class="page-header">
        <div>
          <h1 id="entry-title">{entry.title}</h1>
          <p class="media-meta">
            From {entry.ownerName ?? entry.ownerId} {formatDate(entry.createdAt)} ·{' '}
            {entry.visibility === 'published' ? 'Published' : 'Private'}
          </p>
        </div>
        <ActionsMenu
          disabled={false}
          actions={[
            ...(entry.canManage
              ? [
                  { label: 'Edit', run: () => setEditing(true) },
                  entry.visibility === 'published'
                    ? { label: 'Unpublish', run: () => void setVisibility('private') }
                    : { label: 'Publish', run: () => void setVisibility('published') },
                ]
              : []),
            { label: 'Add to playlist', run: () => setAddingToPlaylist(true) },
            { label: 'Add to Watch List', run: () => void addToWatchList() },
            ...(entry.canManage
              ? [
                  { label: 'Analytics', run: () => setShowAnalytics(true) },
                  { label: 'Caption & Enrich', run: () => setOrdering(true) },
                ]
              : []),
          ]}
        />
      </header>
      <p class={`entry-description ${entry.description.trim() === '' ? 'muted' : ''}`}>
        {entry.description.trim() === '' ? 'No description provided' : entry.description}
      </p>
      {notice && (
        <p class="alert alert-error" role="alert">
          {notice}
        </p>
      )}
      {info && (
        <p class="alert alert-success" role="status">
          {info} <a href="#/watch-list">Open the Watch List</a>
        </p>
      )}
      <div class="entry-layout">
        <div class="player-column">
          {/* biome-ignore lint/a11y/useMediaCaption: the on-screen text is listed beside the player; there is no audio transcript */}
          <video
            ref={video}
            class="player"
            controls
            preload="metadata"
            src={entry.mediaUrl}
            aria-label={`Video: ${entry.title}`}
            onLoadedMetadata={() => {
              const resumeMs = resumeAt.current ?? (startS === undefined ? undefined : startS * 1000);
              resumeAt.current = undefined;
              if (resumeMs !== undefined) seek(resumeMs);
            }}
            onError={renewSource}
            onPlay={countPlay}
            onTimeUpdate={(e) => setCurrentMs(e.currentTarget.currentTime * 1000)}
          />
          <section aria-labelledby="labels-title">
            <h2 id="labels-title">OCR labels</h2>
            <LabelChips
              labels={shown}
              more={Math.max(0, (labels?.labels.length ?? 0) - shown.length)}
              all={labels?.labels.map((l) => l.text)}
              empty="No labels yet."
            />
          </section>
          <section aria-labelledby="exports-title">
            <h2 id="exports-title">Export</h2>
            <ExportButtons entryId={entry.id} disabled={segments.length === 0} />
          </section>
        </div>
        <section class="text-column" aria-labelledby="transcript-title">
          <h2 id="transcript-title">On-screen text</h2>
          <FindInVideo entryId={entry.id} onSeek={seek} />
          <OcrTranscript segments={segments} currentMs={currentMs} onSeek={seek} />
        </section>
      </div>
      <EntryTabs entry={entry} />
      <ExistingRequests entryId={entry.id} reloadKey={reloadKey} onOrder={() => setOrdering(true)} onOrders={onOrders} />
      {editing && (
        <EditEntry
          entry={entry}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEntry(saved);
            setEditing(false);
          }}
        />
      )}
      {addingToPlaylist && <AddToPlaylist entryIds={[entry.id]} onClose={() => setAddingToPlaylist(false)} />}
      {showAnalytics && <EntryAnalytics entryId={entry.id} onClose={() => setShowAnalytics(false)} />}
      {ordering && <OrderPanel entryIds={[entry.id]} onClose={() => setOrdering(false)} onOrdered={() => setReloadKey((k) => k + 1)} />}
    </article>
  );
}
