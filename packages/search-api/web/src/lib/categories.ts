import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../api/context.js';
import type { CategorySummary } from '../api/types.js';

/** The galleries and channels the user sees, by name (GET /v1/categories); [] until loaded or when it fails. */
export function useCategories(): CategorySummary[] {
  const api = useApi();
  const [categories, setCategories] = useState<CategorySummary[]>([]);
  useEffect(() => {
    let current = true;
    api.get<{ categories: CategorySummary[] }>('/v1/categories').then(
      (answer) => current && setCategories(answer.categories),
      () => current && setCategories([]),
    );
    return () => {
      current = false;
    };
  }, [api]);
  return categories;
}

/** A category's name, or its id when the user sees no gallery or channel by that id. */
export const categoryName = (categories: CategorySummary[], id: string): string => categories.find((c) => c.id === id)?.name ?? id;

/** What the page calls a rule's skip reasons (the portal's wording). */
export const RUN_REASONS: Record<string, string> = {
  reach_disabled: 'REACH is off',
  insufficient_credit: 'Not enough credit',
  duplicate: 'Already ordered',
};
