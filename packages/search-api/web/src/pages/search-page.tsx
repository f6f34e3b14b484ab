import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { SearchView } from '../api/types.js';
import { SearchForm } from '../components/search-filters.js';
import { SearchResults } from '../components/search-results.js';
import { searchHref } from '../lib/router.js';

const PAGE_SIZE = 10;
/** The API's cap on `page` (MAX_PAGE in core; not imported, to keep zod out of the bundle). */
const MAX_PAGE = 100;

/** Global Search: the query and filters live in the address (#/search?q=…), so results can be linked and go back. */
export function SearchPage({ params }: { params: URLSearchParams }) {
  const api = useApi();
  const [result, setResult] = useState<SearchView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const key = params.toString();
  const hasQuery = params.has('q') || params.has('ownerId') || params.has('categoryId');

  useEffect(() => {
    if (!hasQuery) {
      setResult(null);
      return;
    }
    const request = new URLSearchParams(params);
    request.set('pageSize', String(PAGE_SIZE));
    setLoading(true);
    api
      .get<SearchView>(`/v1/search?${request}`)
      .then(
        (next) => {
          setResult(next);
          setError(null);
        },
        (e) => setError(describeError(e)),
      )
      .finally(() => setLoading(false));
  }, [api, key]);

  const go = (next: URLSearchParams) => {
    window.location.hash = searchHref(next);
  };
  const goToPage = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    go(next);
  };
  const page = result?.page ?? 1;
  const hasNext = result?.hasMore === true && page < MAX_PAGE;

  return (
    <section aria-labelledby="search-title">
      <header class="page-header">
        <h1 id="search-title">Global Search</h1>
      </header>
      <SearchForm key={key} params={params} onSearch={go} />
      <p class="hint muted">
        Finds text shown on screen in your videos and published ones. Small typos are forgiven: matches are highlighted.
      </p>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite" aria-busy={loading}>
        {result && result.entries.length === 0 && <p class="empty">No results for “{result.query}”. Try fewer words or other filters.</p>}
        {result && result.entries.length > 0 && (
          <p class="muted">
            {result.totalMoments.toLocaleString()}
            {result.totalMomentsExact ? '' : '+'} {result.totalMoments === 1 ? 'moment' : 'moments'} for “{result.query}”
          </p>
        )}
      </div>
      {result && <SearchResults key={key} entries={result.entries} params={params} searchId={result.searchId} />}
      {result && (page > 1 || hasNext) && (
        <nav class="pagination" aria-label="Result pages">
          <button type="button" class="button" disabled={page <= 1} onClick={() => goToPage(page - 1)}>
            Previous
          </button>
          <span>Page {page}</span>
          <button type="button" class="button" disabled={!hasNext} onClick={() => goToPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
