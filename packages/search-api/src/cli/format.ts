/** 83_456 → "00:01:23.456" */
export function formatTimestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(millis, 3)}`;
}

/** Meilisearch-style <mark> highlights shown in a terminal (bold) or plain when not a TTY. */
export function highlightForTerminal(html: string, color: boolean): string {
  const unescaped = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  const parts = html.split(/<mark>|<\/mark>/);
  return parts
    .map((part, i) => (i % 2 === 1 ? (color ? `\x1b[1;33m${unescaped(part)}\x1b[0m` : `[${unescaped(part)}]`) : unescaped(part)))
    .join('');
}
