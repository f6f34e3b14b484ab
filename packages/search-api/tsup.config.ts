import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/bin.ts', schemas: 'src/http/schemas.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', schemas: 'src/http/schemas.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
