import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { RuleRunView } from '../api/types.js';
import { RUN_REASONS } from '../lib/categories.js';
import { formatDateTime } from '../lib/format.js';
import { entryHref } from '../lib/router.js';

/** A rule's history, newest first: each entry it ordered OCR for, and each skip with its reason. */
export function RuleHistory({ ruleId }: { ruleId: string }) {
  const api = useApi();
  const [runs, setRuns] = useState<RuleRunView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ runs: RuleRunView[] }>(`/v1/rules/${encodeURIComponent(ruleId)}/runs`).then(
      (r) => setRuns(r.runs),
      (e) => setError(describeError(e)),
    );
  }, [api, ruleId]);
  if (error) {
    return (
      <p class="alert alert-error" role="alert">
        {error}
      </p>
    );
  }
  if (!runs) return <p class="muted">Loading…</p>;
  if (runs.length === 0) return <p class="muted rule-history">This rule has not run yet: no entry was added since it was made.</p>;
  return (
    <table class="requests-table rule-history" aria-label="Rule history">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Entry</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} class="order-row rule-run" data-outcome={run.outcome}>
            <td data-label="When">{formatDateTime(run.createdAt)}</td>
            <td data-label="Entry">
              <a href={entryHref(run.entryId)}>{run.entryTitle ?? run.entryId}</a>
            </td>
            <td data-label="Outcome" class="run-outcome">
              {run.outcome === 'ordered' ? 'Ordered' : `Skipped: ${RUN_REASONS[run.reason ?? ''] ?? run.reason}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
