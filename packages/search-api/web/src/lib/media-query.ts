import type { EntryOcrStatus, EntrySearchField, EntrySort, MediaType, SortOrder, Visibility } from '@onscreen/core';

/** What My Media asks GET /v1/entries for: search, "Search In", sort, filters and the page. */
export interface MediaQuery {
  q: string;
  searchIn: EntrySearchField;
  sort: EntrySort;
  order: SortOrder;
  visibility: Visibility | '';
  mediaType: MediaType | '';
  ocrStatus: EntryOcrStatus | '';
  categoryId: string;
  /** '' = my own; 'all' or a user id (admins). */
  ownerId: string;
  limit: number;
  offset: number;
}

export const FIRST_PAGE: MediaQuery = {
  q: '',
  searchIn: 'all',
  sort: 'created',
  order: 'desc',
  visibility: '',
  mediaType: '',
  ocrStatus: '',
  categoryId: '',
  ownerId: '',
  limit: 20,
  offset: 0,
};

export const PAGE_SIZES = [10, 20, 50, 100] as const;

export const SEARCH_IN_NAMES: Record<EntrySearchField, string> = {
  all: 'All Fields',
  title: 'Title',
  description: 'Description',
  tags: 'Tags',
  ocr: 'On-screen text',
};

/** Sort choices as the select shows them: `key:order` → words. */
export const SORT_CHOICES: ReadonlyArray<readonly [value: `${EntrySort}:${SortOrder}`, name: string]> = [
  ['created:desc', 'Creation date (newest first)'],
  ['created:asc', 'Creation date (oldest first)'],
  ['updated:desc', 'Update date (newest first)'],
  ['updated:asc', 'Update date (oldest first)'],
  ['name:asc', 'Name (A–Z)'],
  ['name:desc', 'Name (Z–A)'],
  ['duration:desc', 'Duration (longest first)'],
  ['duration:asc', 'Duration (shortest first)'],
  ['views:desc', 'Plays (most first)'],
  ['views:asc', 'Plays (fewest first)'],
];

export const OCR_STATUS_NAMES: Record<EntryOcrStatus, string> = {
  none: 'No OCR',
  ordered: 'OCR ordered',
  ready: 'OCR ready',
  error: 'OCR error',
};

/** The query string of GET /v1/entries for this state (defaults left out). */
export function entriesPath(query: MediaQuery): string {
  const params = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset), sort: query.sort, order: query.order });
  const q = query.q.trim();
  if (q !== '') {
    params.set('q', q);
    params.set('in', query.searchIn);
  }
  for (const key of ['visibility', 'mediaType', 'ocrStatus', 'ownerId'] as const) if (query[key] !== '') params.set(key, query[key]);
  if (query.categoryId.trim() !== '') params.set('categoryId', query.categoryId.trim());
  return `/v1/entries?${params}`;
}
