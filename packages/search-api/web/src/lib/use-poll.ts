import { useEffect, useRef } from 'preact/hooks';

/** Calls `tick` every `intervalMs` while `active` (statuses update without a reload); stops when the page hides it. */
export function usePoll(active: boolean, tick: () => void, intervalMs = 2000): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => latest.current(), intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs]);
}
