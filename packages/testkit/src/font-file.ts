import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** DejaVu Sans from the npm package dejavu-fonts-ttf: no system fonts are assumed. */
export function resolveFontFile(weight: 'regular' | 'bold' = 'regular'): string {
  const packageDir = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  return join(packageDir, 'ttf', weight === 'bold' ? 'DejaVuSans-Bold.ttf' : 'DejaVuSans.ttf');
}
