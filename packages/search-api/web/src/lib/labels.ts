/** "a, b, c … + 4 more" (the API's preview) → chips ['a', 'b', 'c'] and 4 more; '' → none. */
export function parseLabelsPreview(preview: string): { labels: string[]; more: number } {
  if (preview.trim() === '') return { labels: [], more: 0 };
  const match = /^(.*) … \+ (\d+) more$/s.exec(preview);
  const head = match ? (match[1] ?? '') : preview;
  return { labels: head.split(', ').filter((l) => l !== ''), more: match ? Number(match[2]) : 0 };
}
