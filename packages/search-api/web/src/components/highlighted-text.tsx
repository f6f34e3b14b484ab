import { highlightRuns } from '../lib/highlight.js';

/** The API's highlighted line, rendered as text and <mark> elements — never as HTML. */
export function HighlightedText({ highlighted }: { highlighted: string }) {
  return (
    <span class="highlighted">{highlightRuns(highlighted).map((run, i) => (run.marked ? <mark key={i}>{run.text}</mark> : run.text))}</span>
  );
}
