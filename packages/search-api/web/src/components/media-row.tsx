import { useApi } from '../api/context.js';
import type { EntryView, LabelList } from '../api/types.js';
import { formatDate } from '../lib/format.js';
import { parseLabelsPreview } from '../lib/labels.js';
import { entryHref } from '../lib/router.js';
import { LabelChips } from './label-chips.js';
import { StatusBadge } from './status-badge.js';

interface MediaRowProps {
  entry: EntryView;
  selected: boolean;
  onSelect: (selected: boolean) => void;
}

/** One entry of My Media: checkbox, frame, title, privacy, "Owner • on <date>", OCR label chips, latest request status. */
export function MediaRow({ entry, selected, onSelect }: MediaRowProps) {
  const api = useApi();
  const { labels, more } = parseLabelsPreview(entry.labelsPreview);
  const titleId = `entry-title-${entry.id}`;
  return (
    <li class={`media-row ${selected ? 'selected' : ''}`} data-entry-id={entry.id}>
      <input
        type="checkbox"
        class="media-check"
        checked={selected}
        aria-labelledby={titleId}
        onChange={(e) => onSelect(e.currentTarget.checked)}
      />
      <div class="media-thumb">
        <img src={entry.thumbnailUrl} alt="" loading="lazy" width={160} height={90} />
      </div>
      <div class="media-body">
        <div class="media-title-line">
          <a id={titleId} class="media-title" href={entryHref(entry.id)}>
            {entry.title}
          </a>
          <span class={`badge badge-${entry.visibility}`}>{entry.visibility === 'published' ? 'Published' : 'Private'}</span>
        </div>
        <p class="media-meta">
          {entry.ownerName ?? entry.ownerId} • on {formatDate(entry.createdAt)}
        </p>
        <LabelChips
          labels={labels}
          more={more}
          empty={entry.latestOrder ? undefined : 'No OCR yet'}
          onMore={async () => (await api.get<LabelList>(`/v1/entries/${encodeURIComponent(entry.id)}/labels`)).labels.map((l) => l.text)}
        />
      </div>
      <div class="media-status">{entry.latestOrder && <StatusBadge status={entry.latestOrder.status} />}</div>
    </li>
  );
}
