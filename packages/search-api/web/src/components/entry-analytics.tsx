import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { EntryAnalyticsView } from '../api/types.js';
import { Modal } from './modal.js';
import '../playlists.css';

const DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: '2-digit', timeZone: 'UTC' });

/** Analytics of an entry, as the service counted them: plays and searches that led here, in all and per day (30 days). */
export function EntryAnalytics({ entryId, onClose }: { entryId: string; onClose: () => void }) {
  const api = useApi();
  const [stats, setStats] = useState<EntryAnalyticsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<EntryAnalyticsView>(`/v1/entries/${encodeURIComponent(entryId)}/analytics`).then(setStats, (e) => setError(describeError(e)));
  }, [api, entryId]);

  const sum = (key: 'views' | 'searchLeads') => stats?.days.reduce((n, d) => n + d[key], 0) ?? 0;
  const most = Math.max(1, ...(stats?.days.map((d) => Math.max(d.views, d.searchLeads)) ?? []));
  return (
    <Modal title="Analytics" onClose={onClose}>
      <div class="analytics">
        {error && (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        )}
        {!stats && !error && <p class="muted">Loading…</p>}
        {stats && (
          <>
            <dl class="analytics-totals">
              <div class="analytics-total" data-figure="views">
                <dt>Plays</dt>
                <dd>
                  <strong>{stats.viewCount.toLocaleString('en')}</strong> {sum('views').toLocaleString('en')} in the last 30 days
                </dd>
              </div>
              <div class="analytics-total" data-figure="search-leads">
                <dt>Searches that led here</dt>
                <dd>
                  <strong>{stats.searchLeadCount.toLocaleString('en')}</strong> {sum('searchLeads').toLocaleString('en')} in the last 30
                  days
                </dd>
              </div>
            </dl>
            <p class="muted">
              Counted by the service: a viewer’s plays once per 30 minutes; a search once per viewer when they open this entry from its
              results.
            </p>
            <div class="analytics-days">
              <table>
                <caption class="visually-hidden">Plays and searches that led here, per day (UTC), newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Plays</th>
                    <th scope="col">Searches</th>
                  </tr>
                </thead>
                <tbody>
                  {[...stats.days].reverse().map((d) => (
                    <tr key={d.day} data-day={d.day}>
                      <th scope="row">{DAY.format(new Date(`${d.day}T00:00:00Z`))}</th>
                      <td>
                        <meter min={0} max={most} value={d.views} aria-hidden="true" /> {d.views}
                      </td>
                      <td>
                        <meter min={0} max={most} value={d.searchLeads} aria-hidden="true" /> {d.searchLeads}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
