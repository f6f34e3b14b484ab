import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { StoreBehaviourOptions } from './store.js';
import type { OnscreenStore } from './types.js';

/**
 * Opens the store a URL names: `postgres://` or `postgresql://` → Postgres (the `schema` search
 * parameter picks the schema), anything else → a SQLite file path (`file:` prefix allowed).
 */
export function openStore(url: string, options: StoreBehaviourOptions = {}): Promise<OnscreenStore> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return openPostgresStore({ ...options, connectionString: parsed.toString(), ...(schema ? { schema } : {}) });
  }
  return openSqliteStore({ ...options, file: url.replace(/^file:(\/\/)?/, '') });
}
