import type { TurnaroundTime } from '@onscreen/core';
import { useEffect, useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import type { Channel, Gallery, RuleView } from '../api/types.js';
import { RuleHistory } from '../components/rule-history.js';
import { useMe } from '../lib/use-me.js';
import { LANGUAGES, languageName, TURNAROUND_NAMES } from '../lib/vocabulary.js';
import '../channels.css';

interface Target {
  id: string;
  name: string;
  kind: 'gallery' | 'channel';
}

/**
 * Automated rules: "order OCR for every entry added to this gallery or channel". Admins make rules on
 * galleries and channels, a channel's owner and managers on that channel; each rule's history says what
 * it did for every entry, and why it skipped one. `?target=<id>` shows one gallery's or channel's rules.
 */
export function RulesPage({ params }: { params: URLSearchParams }) {
  const api = useApi();
  const me = useMe();
  const [rules, setRules] = useState<RuleView[] | null>(null);
  const [targets, setTargets] = useState<Target[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const only = params.get('target');
  const load = () =>
    api.get<{ rules: RuleView[] }>('/v1/rules').then(
      (r) => setRules(r.rules),
      (e) => setError(describeError(e)),
    );
  useEffect(() => {
    load();
  }, [api]);
  useEffect(() => {
    if (!me) return;
    const admin = me.user.role === 'admin';
    Promise.all([
      admin ? api.get<{ galleries: Gallery[] }>('/v1/galleries').then((r) => r.galleries) : Promise.resolve([]),
      api.get<{ channels: Channel[] }>('/v1/channels').then((r) => r.channels),
    ]).then(
      ([galleries, channels]) =>
        setTargets([
          ...galleries.map((g) => ({ id: g.id, name: g.name, kind: 'gallery' as const })),
          ...channels
            .filter((c) => ['owner', 'manager', 'admin'].includes(c.myRole))
            .map((c) => ({ id: c.id, name: c.name, kind: 'channel' as const })),
        ]),
      (e) => setError(describeError(e)),
    );
  }, [api, me]);

  async function remove(rule: RuleView) {
    if (!window.confirm(`Delete the rule on "${rule.targetName ?? rule.categoryId}"?`)) return;
    try {
      await api.send('DELETE', `/v1/rules/${encodeURIComponent(rule.id)}`);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }
  const shown = (rules ?? []).filter((r) => only === null || r.categoryId === only);

  return (
    <section aria-labelledby="rules-title">
      <header class="page-header">
        <h1 id="rules-title">Rules</h1>
        {only !== null && (
          <a class="button" href="#/rules">
            All rules
          </a>
        )}
      </header>
      <p class="muted">Order OCR automatically for every entry added to a gallery or channel.</p>
      {targets.length > 0 && <CreateRule targets={targets} initial={only} onCreated={load} />}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {rules !== null &&
        (shown.length === 0 ? (
          <p class="empty">No rules yet.</p>
        ) : (
          <ul class="plain-list rule-list" aria-label="Rules">
            {shown.map((rule) => (
              <li key={rule.id} class="rule-row">
                <div class="rule-head">
                  <div class="grow">
                    <span class="rule-target">
                      {rule.target === 'channel' ? 'Channel' : 'Gallery'}: {rule.targetName ?? rule.categoryId}
                    </span>
                    <span class="card-meta">
                      {' '}
                      · Machine OCR · {TURNAROUND_NAMES[rule.turnaroundTime]} · {languageName(rule.sourceLanguage)}
                    </span>
                  </div>
                  {rule.canManage && (
                    <div class="card-actions">
                      <button
                        type="button"
                        class="button button-small"
                        aria-expanded={open === rule.id}
                        onClick={() => setOpen(open === rule.id ? null : rule.id)}
                      >
                        {open === rule.id ? 'Hide history' : 'History'}
                      </button>
                      <button type="button" class="button button-small" aria-label="Delete rule" onClick={() => remove(rule)}>
                        Delete
                      </button>
                    </div>
                  )}
                </div>
                {open === rule.id && <RuleHistory ruleId={rule.id} />}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function CreateRule({ targets, initial, onCreated }: { targets: Target[]; initial: string | null; onCreated: () => void }) {
  const api = useApi();
  const [target, setTarget] = useState(targets.some((t) => t.id === initial) ? (initial as string) : '');
  const [turnaroundTime, setTurnaroundTime] = useState<TurnaroundTime>('best_effort');
  const [sourceLanguage, setSourceLanguage] = useState('en');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function create(event: Event) {
    event.preventDefault();
    const chosen = targets.find((t) => t.id === target);
    if (!chosen) return;
    try {
      const where = chosen.kind === 'channel' ? { channelId: chosen.id } : { categoryId: chosen.id };
      await api.send('POST', '/v1/rules', { ...where, turnaroundTime, sourceLanguage });
      setError(null);
      setNotice(`Every entry added to "${chosen.name}" will be ordered OCR.`);
      onCreated();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <form class="inline-form" aria-label="Create a rule" onSubmit={create}>
      <label class="field field-grow">
        <span>When an entry is added to</span>
        <select value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
          <option value="">Choose a gallery or channel…</option>
          {(['gallery', 'channel'] as const).map((kind) => (
            <optgroup key={kind} label={kind === 'gallery' ? 'Galleries' : 'Channels'}>
              {targets
                .filter((t) => t.kind === kind)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Turnaround Time</span>
        <select value={turnaroundTime} onChange={(e) => setTurnaroundTime(e.currentTarget.value as TurnaroundTime)}>
          {Object.entries(TURNAROUND_NAMES).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Source Media Language</span>
        <select value={sourceLanguage} onChange={(e) => setSourceLanguage(e.currentTarget.value)}>
          {LANGUAGES.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button button-primary" disabled={target === ''}>
        Add rule
      </button>
      {notice && (
        <p class="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
