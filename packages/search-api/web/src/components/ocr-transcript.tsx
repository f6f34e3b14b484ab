import { useEffect, useRef } from 'preact/hooks';
import type { OcrJson } from '../api/types.js';
import { formatClock } from '../lib/format.js';

interface OcrTranscriptProps {
  segments: OcrJson['segments'];
  currentMs: number;
  onSeek: (ms: number) => void;
}

/**
 * The on-screen text in time order, like a transcript; a line is a button that seeks the player. It
 * follows the player: the line on screen now is marked and scrolled into the list's view (the list
 * scrolls, never the page).
 */
export function OcrTranscript({ segments, currentMs, onSeek }: OcrTranscriptProps) {
  const list = useRef<HTMLOListElement>(null);
  const activeIndex = segments.findIndex((s) => currentMs >= s.startMs && currentMs < s.endMs);
  useEffect(() => {
    const box = list.current;
    const line = activeIndex < 0 ? null : (box?.children[activeIndex] as HTMLElement | undefined);
    if (!box || !line) return;
    const top = line.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + line.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }, [activeIndex]);
  if (segments.length === 0) return <p class="empty">No on-screen text yet. Order OCR to make this video searchable.</p>;
  return (
    <ol class="transcript" ref={list}>
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
