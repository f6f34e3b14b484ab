import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../api/context.js';
import type { UserSummary } from '../api/types.js';
import { formatClock, parseClock } from '../lib/format.js';
import { LANGUAGES } from '../lib/vocabulary.js';
import { CategoryFilter } from './category-filter.js';

/** The search form: one box, and filters (category, owner, language, time in the video). */
export function SearchForm({ params, onSearch }: { params: URLSearchParams; onSearch: (next: URLSearchParams) => void }) {
  const clock = (key: string) => (params.get(key) ? formatClock(Number(params.get(key))) : '');
  const [q, setQ] = useState(params.get('q') ?? '');
  const [categoryId, setCategoryId] = useState(params.get('categoryId') ?? '');
  const [ownerId, setOwnerId] = useState(params.get('ownerId') ?? '');
  const [language, setLanguage] = useState(params.get('language') ?? '');
  const [from, setFrom] = useState(clock('fromMs'));
  const [to, setTo] = useState(clock('toMs'));
  const [invalid, setInvalid] = useState<string | null>(null);
  const api = useApi();
  const [owners, setOwners] = useState<UserSummary[]>([]);
  useEffect(() => {
    api.get<{ users: UserSummary[] }>('/v1/users').then(
      ({ users }) => setOwners(users),
      () => setOwners([]),
    );
  }, [api]);
  const filtersUsed = [categoryId, ownerId, language, from, to].some((v) => v !== '');

  function submit(event: Event) {
    event.preventDefault();
    const fromMs = from.trim() === '' ? undefined : parseClock(from);
    const toMs = to.trim() === '' ? undefined : parseClock(to);
    if ((from.trim() !== '' && fromMs === undefined) || (to.trim() !== '' && toMs === undefined)) {
      setInvalid('Times look like 1:30 (minutes:seconds) or 90 (seconds).');
      return;
    }
    setInvalid(null);
    const next = new URLSearchParams();
    const set = (key: string, value: string | number | undefined) => {
      if (value !== undefined && String(value).trim() !== '') next.set(key, String(value).trim());
    };
    set('q', q);
    set('categoryId', categoryId);
    set('ownerId', ownerId);
    set('language', language);
    set('fromMs', fromMs);
    set('toMs', toMs);
    onSearch(next);
  }

  return (
    <form class="search-form" aria-label="Search on-screen text" onSubmit={submit}>
      <div class="search-box">
        <label class="field field-grow">
          <span class="visually-hidden">Search text shown in videos</span>
          <input
            type="search"
            name="q"
            placeholder="Search text shown in videos, e.g. quarterly revenue"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button button-primary">
          Search
        </button>
      </div>
      <details class="filters" open={filtersUsed}>
        <summary>Filters</summary>
        <div class="filter-grid">
          <CategoryFilter value={categoryId} onChange={setCategoryId} />
          <div class="field">
            <label for="search-owner">Owner</label>
            <select id="search-owner" name="ownerId" value={ownerId} onChange={(e) => setOwnerId(e.currentTarget.value)}>
              <option value="">Anyone</option>
              {/* an owner named in the address but not of this account keeps its id */}
              {ownerId !== '' && !owners.some((u) => u.id === ownerId) && <option value={ownerId}>{ownerId}</option>}
              {owners.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <label class="field">
            <span>Language</span>
            <select name="language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
              <option value="">Any</option>
              {LANGUAGES.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Shown after (m:ss)</span>
            <input
              type="text"
              inputMode="numeric"
              name="from"
              value={from}
              onInput={(e) => setFrom(e.currentTarget.value)}
              placeholder="0:00"
            />
          </label>
          <label class="field">
            <span>Shown before (m:ss)</span>
            <input type="text" inputMode="numeric" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} placeholder="any" />
          </label>
        </div>
        {invalid && (
          <p class="alert alert-error" role="alert">
            {invalid}
          </p>
        )}
      </details>
    </form>
  );
}
