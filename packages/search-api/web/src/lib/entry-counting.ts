import { useEffect, useRef } from 'preact/hooks';
import { useApi } from '../api/context.js';
import type { SearchLead } from './router.js';

/**
 * What the media page tells the service so that it can count (the counting is the service's): the first
 * play of this visit (POST …/views), and — when the page was opened from a Global Search result — that the
 * search led here (POST …/search-leads, once; then `onLeadSent` drops the marker from the address, so
 * that a copied or bookmarked link does not carry it).
 */
export function useEntryCounting(entryId: string, lead: SearchLead | undefined, onLeadSent: () => void): { countPlay: () => void } {
  const api = useApi();
  const played = useRef(false);
  const path = `/v1/entries/${encodeURIComponent(entryId)}`;
  useEffect(() => {
    if (!lead) return;
    api.send('POST', `${path}/search-leads`, lead).then(onLeadSent, onLeadSent);
  }, [api, path, lead?.searchId, lead?.lead]);
  return {
    countPlay: () => {
      if (played.current) return;
      played.current = true;
      api.send('POST', `${path}/views`).catch(() => {});
    },
  };
}
