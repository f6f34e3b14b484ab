/**
 * The API's `highlighted` text is HTML-escaped except for <mark>…</mark>. It is never given to the
 * DOM as HTML: it is split into plain and marked runs here, entities decoded, and rendered as text.
 */
export interface TextRun {
  text: string;
  marked: boolean;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

export function highlightRuns(highlighted: string): TextRun[] {
  const runs: TextRun[] = [];
  let marked = false;
  for (const piece of highlighted.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else if (piece !== '') runs.push({ text: decodeEntities(piece), marked });
  }
  return runs;
}
