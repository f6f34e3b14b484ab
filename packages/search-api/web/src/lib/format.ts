const DATE = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** "November 08, 2024". */
export const formatDate = (iso: string): string => DATE.format(new Date(iso));

/** "Nov 08, 2024, 09:14 AM". */
export const formatDateTime = (iso: string): string => DATE_TIME.format(new Date(iso));

/** 75_500 ms → "1:15"; an hour or more → "1:02:03". */
export function formatClock(ms: number): string {
  const totalS = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = String(totalS % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "1:15", "75" or "1:02:03" → ms; undefined when empty or not a time. */
export function parseClock(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(:\d{1,2}){0,2}$/.test(trimmed)) return undefined;
  const seconds = trimmed.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  return seconds * 1000;
}
