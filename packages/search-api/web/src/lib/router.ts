import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes: `#/media`, `#/entry/<id>?t=<seconds>`, `#/search?q=…`, `#/channels[/<id>]`, `#/galleries`,
 * `#/rules?target=<id>`. The server only serves `/`.
 */
export type Route =
  | { page: 'media' }
  | { page: 'entry'; entryId: string; startS: number | undefined; lead?: SearchLead }
  | { page: 'playlists' }
  | { page: 'playlist'; playlistId: string }
  | { page: 'watch-list' }
  | { page: 'search'; params: URLSearchParams }
  | { page: 'credit' }
  | { page: 'channels' }
  | { page: 'channel'; channelId: string }
  | { page: 'galleries' }
  | { page: 'rules'; params: URLSearchParams };

/** A search result opened from Global Search: `from=search&search=<searchId>&lead=<lead>` (counted by the service). */
export interface SearchLead {
  searchId: string;
  lead: string;
}

function leadOf(params: URLSearchParams): SearchLead | undefined {
  const searchId = params.get('search');
  const lead = params.get('lead');
  return params.get('from') === 'search' && searchId && lead ? { searchId, lead } : undefined;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const entry = /^\/entry\/([A-Za-z0-9_-]+)$/.exec(path);
  if (entry?.[1]) {
    const t = Number(params.get('t'));
    return { page: 'entry', entryId: entry[1], startS: params.has('t') && Number.isFinite(t) ? t : undefined, lead: leadOf(params) };
  }
  const playlist = /^\/playlists\/([A-Za-z0-9_-]+)$/.exec(path);
  if (playlist?.[1]) return { page: 'playlist', playlistId: playlist[1] };
  if (path === '/playlists') return { page: 'playlists' };
  if (path === '/watch-list') return { page: 'watch-list' };
  if (path === '/search') return { page: 'search', params };
  if (path === '/credit') return { page: 'credit' };
  const channel = /^\/channels\/([A-Za-z0-9_-]+)$/.exec(path);
  if (channel?.[1]) return { page: 'channel', channelId: channel[1] };
  if (path === '/channels') return { page: 'channels' };
  if (path === '/galleries') return { page: 'galleries' };
  if (path === '/rules') return { page: 'rules', params };
  return { page: 'media' };
}

export const entryHref = (entryId: string, startMs?: number): string =>
  `#/entry/${encodeURIComponent(entryId)}${startMs === undefined ? '' : `?t=${(startMs / 1000).toFixed(1)}`}`;

export const channelHref = (channelId: string): string => `#/channels/${encodeURIComponent(channelId)}`;

/** An entry opened from a search result, with what the service needs to count that the search led there. */
export function entryFromSearchHref(entryId: string, lead: SearchLead, startMs?: number): string {
  const href = entryHref(entryId, startMs);
  const marker = new URLSearchParams({ from: 'search', search: lead.searchId, lead: lead.lead });
  return `${href}${href.includes('?') ? '&' : '?'}${marker}`;
}

export const playlistHref = (playlistId: string): string => `#/playlists/${encodeURIComponent(playlistId)}`;

export const searchHref = (params: URLSearchParams): string => `#/search?${params}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
