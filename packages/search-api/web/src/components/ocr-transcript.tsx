import type { OcrJson } from '../api/types.js';
import { formatClock } from '../lib/format.js';

interface OcrTranscriptProps {
  segments: OcrJson['segments'];
  currentMs: number;
  onSeek: (ms: number) => void;
}

/** The on-screen text in time order, like a transcript; a line is a button that seeks the player. */
export function OcrTranscript({ segments, currentMs, onSeek }: OcrTranscriptProps) {
  if (segments.length === 0) return <p class="empty">No on-screen text yet. Order OCR to make this video searchable.</p>;
  return (
    <ol class="transcript">
      {segments.map((s) => {
        const active = currentMs >= s.startMs && currentMs < s.endMs;
        return (
          <li key={s.id}>
            <button
              type="button"
              class={`transcript-line ${active ? 'active' : ''}`}
              aria-current={active ? 'time' : undefined}
              onClick={() => onSeek(s.startMs)}
            >
              <time class="timestamp">{formatClock(s.startMs)}</time>
              <span class="transcript-text">{s.text}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
