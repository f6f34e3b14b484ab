import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of this package, from the sources (src/…) or the build (dist/…) alike. */
function packageRoot(): { dir: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    const read = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string }) : {};
    if (read.name === '@onscreen/search-api') return { dir, version: read.version ?? '0.0.0' };
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@onscreen/search-api: cannot find the package folder');
    dir = parent;
  }
}

const { dir: ROOT, version } = packageRoot();

/** The version of @onscreen/search-api (what `onscreen --version` prints). */
export const PACKAGE_VERSION = version;

/** The bundled sample video (24 s of slides) used by the demo. */
export const SAMPLE_VIDEO = join(ROOT, 'samples', 'onscreen-demo.mp4');

/** The built web page, served at `/` when it exists. */
export const WEB_DIST_DIR = join(ROOT, 'web', 'dist');
