import { defineConfig } from 'vitest/config';

/** Runs this package's tests alone (the root config's integration project needs test/global-setup.ts). */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000, fileParallelism: false },
});
