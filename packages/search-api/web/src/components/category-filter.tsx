import { useCategories } from '../lib/categories.js';

/** Global Search's category filter: the galleries and channels the user sees, by name. */
export function CategoryFilter({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const categories = useCategories();
  const groups = [
    ['gallery', 'Galleries'],
    ['channel', 'Channels'],
  ] as const;
  return (
    <div class="field">
      <label for="search-category">Category</label>
      <select id="search-category" name="categoryId" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Any</option>
        {/* a category named in the address that the user sees no name for keeps its id */}
        {value !== '' && !categories.some((c) => c.id === value) && <option value={value}>{value}</option>}
        {groups.map(([kind, label]) => {
          const items = categories.filter((c) => c.kind === kind);
          return items.length === 0 ? null : (
            <optgroup key={kind} label={label}>
              {items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
    </div>
  );
}
