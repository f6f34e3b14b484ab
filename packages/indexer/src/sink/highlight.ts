/**
 * Meilisearch inserts highlight tags into `_formatted` without escaping the text around them. We ask
 * for two private-use characters as tags, escape the whole string, then turn each balanced pair of
 * markers into `<mark>…</mark>`: the only markup that can come out is ours.
 */
export const HIGHLIGHT_PRE_TAG = '\uE000';
export const HIGHLIGHT_POST_TAG = '\uE001';

const MARKERS = /[\uE000\uE001]/g;
const MARKED_RUN = /\uE000([^\uE000\uE001]*)\uE001/g;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] as string);
}

/** Indexed text never carries the marker characters, so they cannot be forged from a video. */
export function stripHighlightMarkers(text: string): string {
  return text.replace(MARKERS, '');
}

/** `_formatted.text` (with marker tags) → HTML-escaped text with `<mark>` around matches. */
export function renderHighlight(formatted: string): string {
  return escapeHtml(formatted)
    .replace(MARKED_RUN, (_match, inner: string) => (inner === '' ? '' : `<mark>${inner}</mark>`))
    .replace(MARKERS, '');
}
