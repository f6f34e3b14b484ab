import type { TurnaroundTime } from '@onscreen/core';
import { useState } from 'preact/hooks';
import { describeError, useApi } from '../api/context.js';
import { LANGUAGES, TURNAROUND_NAMES } from '../lib/vocabulary.js';

/** A gallery or channel a rule may be made on, by name. */
export interface RuleTarget {
  id: string;
  name: string;
  kind: 'gallery' | 'channel';
}

/** A new rule: the gallery or channel it watches (picked by name), and what it orders. */
export function CreateRule({ targets, initial, onCreated }: { targets: RuleTarget[]; initial: string | null; onCreated: () => void }) {
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
      await api.send('POST', '/v1/rules', { ...where, service: 'machine', feature: 'ocr', turnaroundTime, sourceLanguage });
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
        <span>Service</span>
        <select name="service" value="machine">
          <option value="machine">Machine</option>
        </select>
      </label>
      <label class="field">
        <span>Feature</span>
        <select name="feature" value="ocr">
          <option value="ocr">OCR</option>
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
