import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // CI reads the JSON report to print its "N passed, N failed" line (.ci/run).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.tmp/vitest-results.json' } : undefined,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'benchmarks/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          globalSetup: ['./test/binaries-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'packages/*/src/**/*.int.test.ts',
            'packages/*/test/**/*.int.test.ts',
            'packages/*/test-browser/**/*.int.test.ts',
            'reliability/src/**/*.int.test.ts',
            'examples/**/*.int.test.ts',
            'test/**/*.int.test.ts',
          ],
          globalSetup: ['./test/binaries-setup.ts', './test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A browser page asked for under a loaded machine can take more than the 1 s default to show
          // what a poll waits for (My Media's order row once missed it); a poll that passes is as quick.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
