import { defineConfig } from 'vitest/config';

/**
 * Runs only the browser tests, with the repository's integration setup (one Meilisearch):
 *   npx vitest run --config packages/search-api/test-browser/vitest.config.ts
 * The root config's `integration` project runs them too once its include globs list
 * `packages/*\/test-browser/**\/*.int.test.ts`.
 */
export default defineConfig({
  root: new URL('../../../', import.meta.url).pathname,
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/search-api/test-browser/**/*.int.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
