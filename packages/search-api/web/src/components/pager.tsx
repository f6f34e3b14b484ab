import { PAGE_SIZES } from '../lib/media-query.js';

interface PagerProps {
  total: number;
  limit: number;
  offset: number;
  onPage: (offset: number) => void;
  onPageSize: (limit: number) => void;
}

/** "1–20 of 10,000", page size, previous / next and "Page 1 of 500". */
export function Pager({ total, limit, offset, onPage, onPageSize }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label="Pages">
      <span class="pager-range" aria-live="polite">
        {first.toLocaleString('en')}–{last.toLocaleString('en')} of {total.toLocaleString('en')}
      </span>
      <div class="field field-inline">
        <label for="pager-size">Per page</label>
        <select id="pager-size" value={String(limit)} onChange={(e) => onPageSize(Number(e.currentTarget.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={String(size)}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="button" disabled={page <= 1} onClick={() => onPage(0)} aria-label="First page">
        «
      </button>
      <button type="button" class="button" disabled={page <= 1} onClick={() => onPage(offset - limit)}>
        Previous
      </button>
      <span class="pager-page">
        Page {page.toLocaleString('en')} of {pages.toLocaleString('en')}
      </span>
      <button type="button" class="button" disabled={page >= pages} onClick={() => onPage(offset + limit)}>
        Next
      </button>
      <button type="button" class="button" disabled={page >= pages} onClick={() => onPage((pages - 1) * limit)} aria-label="Last page">
        »
      </button>
    </nav>
  );
}
