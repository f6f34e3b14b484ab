import type { ComponentChildren } from 'preact';
import type { ListItemView } from '../api/types.js';
import { formatClock, formatDate } from '../lib/format.js';
import { entryHref } from '../lib/router.js';
import '../playlists.css';

/** One entry of a playlist or the Watch List: frame, title, owner, duration, when added; `children` are its buttons. */
export function ListItemRow({ item, children }: { item: ListItemView; children?: ComponentChildren }) {
  const titleId = `item-title-${item.entryId}`;
  return (
    <li class="list-item" data-entry-id={item.entryId} aria-labelledby={titleId}>
      <div class="media-thumb">
        <img src={item.thumbnailUrl} alt="" loading="lazy" width={160} height={90} />
      </div>
      <div class="media-body">
        <div class="media-title-line">
          <a id={titleId} class="media-title" href={entryHref(item.entryId)}>
            {item.title}
          </a>
          <span class={`badge badge-${item.visibility}`}>{item.visibility === 'published' ? 'Published' : 'Private'}</span>
        </div>
        <p class="media-meta">
          {item.ownerName ?? item.ownerId}
          {item.durationMs === null ? '' : ` • ${formatClock(item.durationMs)}`} • added {formatDate(item.addedAt)}
        </p>
      </div>
      <div class="list-item-actions">{children}</div>
    </li>
  );
}
