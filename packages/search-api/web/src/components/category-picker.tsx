import type { CategorySummary } from '../api/types.js';
import { useCategories } from '../lib/categories.js';
import '../channels.css';

const listOf = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

/**
 * An entry's categories by name: a box for each gallery and channel the user sees (checking a channel
 * adds the entry to it, and its rules run), and the ids of other categories, comma-separated.
 */
export function CategoryPicker({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const categories = useCategories();
  const known = new Set(categories.map((c) => c.id));
  const others = value.filter((id) => !known.has(id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));
  const group = (kind: CategorySummary['kind'], legend: string) => {
    const items = categories.filter((c) => c.kind === kind);
    if (items.length === 0) return null;
    return (
      <fieldset class="category-choices">
        <legend>{legend}</legend>
        {items.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={value.includes(c.id)} onChange={(e) => toggle(c.id, e.currentTarget.checked)} />
            {c.name}
          </label>
        ))}
      </fieldset>
    );
  };
  return (
    <>
      {group('gallery', 'Galleries')}
      {group('channel', 'Add to channel')}
      <label class="field">
        <span>Other categories</span>
        <input
          type="text"
          value={others.join(', ')}
          placeholder="category ids, comma separated"
          onChange={(e) => onChange([...value.filter((id) => known.has(id)), ...listOf(e.currentTarget.value)])}
        />
      </label>
    </>
  );
}
