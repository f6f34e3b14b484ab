import type { EntryOcrStatus, MediaType, Visibility } from '@onscreen/core';
import { useState } from 'preact/hooks';
import type { UserSummary } from '../api/types.js';
import { type MediaQuery, OCR_STATUS_NAMES } from '../lib/media-query.js';
import { CategoryFilter } from './category-filter.js';

interface MediaFiltersProps {
  query: MediaQuery;
  /** The account's users (admins' owner filter); null for others. */
  owners: UserSummary[] | null;
  meId: string | null;
  onChange: (patch: Partial<MediaQuery>) => void;
}

/** My Media's filters: media type, publish status, OCR status, category, and owner for admins. */
export function MediaFilters({ query, owners, meId, onChange }: MediaFiltersProps) {
  const used = [query.visibility, query.mediaType, query.ocrStatus, query.categoryId, query.ownerId].filter((v) => v !== '').length;
  // open or closed as the user leaves it (clearing the filters does not fold it away)
  const [open, setOpen] = useState(used > 0);
  return (
    <details class="filters media-filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Filters{used > 0 ? ` (${used})` : ''}</summary>
      <div class="filter-grid">
        <div class="field">
          <label for="filter-media-type">Media type</label>
          <select
            id="filter-media-type"
            value={query.mediaType}
            onChange={(e) => onChange({ mediaType: e.currentTarget.value as MediaType | '' })}
          >
            <option value="">All types</option>
            <option value="video">Video</option>
            <option value="image">Animated image</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-visibility">Publish status</label>
          <select
            id="filter-visibility"
            value={query.visibility}
            onChange={(e) => onChange({ visibility: e.currentTarget.value as Visibility | '' })}
          >
            <option value="">All</option>
            <option value="published">Published</option>
            <option value="private">Private</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-ocr-status">OCR status</label>
          <select
            id="filter-ocr-status"
            value={query.ocrStatus}
            onChange={(e) => onChange({ ocrStatus: e.currentTarget.value as EntryOcrStatus | '' })}
          >
            <option value="">All</option>
            {Object.entries(OCR_STATUS_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <CategoryFilter id="filter-category" value={query.categoryId} onChange={(categoryId) => onChange({ categoryId })} />
        {owners && (
          <div class="field">
            <label for="filter-owner">Owner</label>
            <select id="filter-owner" value={query.ownerId} onChange={(e) => onChange({ ownerId: e.currentTarget.value })}>
              <option value="">Me</option>
              <option value="all">All users of the account</option>
              {owners
                .filter((u) => u.id !== meId)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </div>
        )}
        {used > 0 && (
          <button
            type="button"
            class="button button-quiet"
            onClick={() => onChange({ visibility: '', mediaType: '', ocrStatus: '', categoryId: '', ownerId: '' })}
          >
            Clear filters
          </button>
        )}
      </div>
    </details>
  );
}
