import { defineConfig } from 'vite';

/**
 * The web page: Preact compiled by Vite's own esbuild (no Babel), built to dist/ with every asset
 * local (no CDN), which `onscreen serve` serves at `/`. `npx pnpm --filter @onscreen/web dev` proxies
 * /v1 to a serve on 127.0.0.1:8080.
 */
export default defineConfig({
  base: './',
  // `source`: @onscreen/core resolves to its TypeScript, so no build of core is needed first.
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // no source maps in the build the service serves (they would publish the sources)
    sourcemap: false,
    rollupOptions: {
      // Only Messages and types come from core: its other modules (zod schemas) are left out.
      treeshake: { moduleSideEffects: (id) => !id.includes('/packages/core/') },
      onwarn(warning, warn) {
        // zod's comments that Rollup cannot place (harmless; zod is tree-shaken out).
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
