/**
 * The npm packages as a user gets them: every public package is built and packed with pnpm (which
 * writes real version ranges for `workspace:` and applies publishConfig), the tarballs are installed
 * with plain npm into empty projects (the npm registry is the only place anything comes from), and
 * there @onscreen/indexer reads the sample video's text and @onscreen/search-api starts the service on
 * SQLite. Measures the installed size of @onscreen/indexer alone and checks it compiles nothing. An
 * animated WebP is read where sharp is installed (search-api depends on it) and refused naming sharp
 * where it is not (an optional peer of the indexer).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PUBLIC = ['core', 'store', 'indexer', 'worker', 'search-api'] as const;
const SAMPLE = join(ROOT, 'packages/search-api/samples/onscreen-demo.mp4');
const SAMPLE_LINES = ['Quarterly review Q3 2026', 'Quarterly revenue grew 12%', 'Roadmap 2027', 'Hiring 25 engineers'];
const MINUTES = 60_000;

let work: string;
let animatedWebp: string;
const tarballs: Record<string, string> = {};

/** Runs a program (argument array, no shell) and returns its stdout; the error carries its stderr. */
async function sh(file: string, args: string[], cwd: string, timeoutMinutes = 10): Promise<string> {
  const { stdout } = await run(file, args, { cwd, timeout: timeoutMinutes * MINUTES, maxBuffer: 64 * 1024 * 1024, env: process.env });
  return stdout;
}
const pnpm = (args: string[], cwd: string) => sh('npx', ['-y', 'pnpm@10', ...args], cwd);

async function emptyProject(name: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}
const npmInstall = (dir: string, files: string[]) =>
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], dir, 20);

/** Bytes under a directory, as `du` counts them. */
async function sizeOf(dir: string): Promise<number> {
  return Number((await sh('du', ['-sb', dir], work)).split('\t')[0]);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'onscreen-packed-'));
  // the sample video as an animated WebP (4 fps, 640 px wide), made by the ffmpeg the tests resolved
  animatedWebp = join(work, 'sample.webp');
  const toWebp = ['-vf', 'fps=4,scale=640:-2', '-c:v', 'libwebp_anim', '-q:v', '75', '-loop', '0', '-f', 'webp', animatedWebp];
  await sh(process.env.ONSCREEN_TESTKIT_FFMPEG ?? 'ffmpeg', ['-v', 'error', '-y', '-i', SAMPLE, '-an', ...toWebp], work);
  await pnpm(['-r', '--filter', './packages/**', 'build'], ROOT);
  const out = join(work, 'tarballs');
  await mkdir(out);
  for (const name of PUBLIC) {
    await pnpm(['pack', '--pack-destination', out], join(ROOT, 'packages', name));
    tarballs[name] = join(out, (await readdir(out)).find((f) => f.startsWith(`onscreen-${name}-`)) ?? '');
  }
}, 20 * MINUTES);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('packed packages', () => {
  it('carry real version ranges, exports that point into the tarball, a README and a licence', async () => {
    for (const name of PUBLIC) {
      const files = (await sh('tar', ['tzf', tarballs[name] as string], work)).split('\n');
      const manifest = JSON.parse(await sh('tar', ['xzfO', tarballs[name] as string, 'package/package.json'], work)) as {
        dependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
        exports: Record<string, Record<string, string>>;
        bin?: Record<string, string>;
      };
      const ranges = { ...manifest.dependencies, ...manifest.optionalDependencies };
      for (const [dep, range] of Object.entries(ranges)) expect(range, `${name} → ${dep}`).not.toMatch(/^workspace:/);
      if (name !== 'core') expect(ranges['@onscreen/core'], name).toBe('^0.1.0');
      expect(files, name).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE']));
      for (const [entry, conditions] of Object.entries(manifest.exports)) {
        expect(Object.keys(conditions), `${name} ${entry}`).toEqual(['types', 'default']);
        for (const target of Object.values(conditions)) expect(files, `${name} ${entry}`).toContain(`package/${target.slice(2)}`);
      }
      for (const target of Object.values(manifest.bin ?? {})) expect(files).toContain(`package/${target.replace(/^\.\//, '')}`);
    }
  });

  it(
    '@onscreen/indexer alone installs with npm, compiles nothing, stays under 150 MB and reads the sample video',
    async () => {
      const dir = await emptyProject('indexer-alone');
      await npmInstall(dir, [tarballs.core as string, tarballs.indexer as string]);
      const modules = join(dir, 'node_modules');
      const sizeMiB = (await sizeOf(modules)) / 1024 ** 2;
      console.info(`[size] @onscreen/indexer installed alone with npm: ${sizeMiB.toFixed(1)} MiB (ffmpeg, tesseract.js, eng data)`);
      expect(sizeMiB).toBeLessThanOrEqual(150);
      // no native addon: nothing to compile, nothing a compiler left behind
      const gyp = (await sh('find', [modules, '-name', 'binding.gyp', '-o', '-name', '*.node'], dir)).trim();
      expect(gyp).toBe('');
      expect(existsSync(join(modules, 'better-sqlite3')) || existsSync(join(modules, 'pg'))).toBe(false);
      await writeFile(
        join(dir, 'extract.mjs'),
        "import { extractSegments } from '@onscreen/indexer';\n" +
          "const result = await extractSegments(process.argv[2], { ocr: { languages: 'en' } });\n" +
          'console.log(JSON.stringify(result.segments.map((s) => s.text)));\n',
      );
      const lines = JSON.parse(await sh(process.execPath, ['extract.mjs', SAMPLE], dir)) as string[];
      expect(lines).toEqual(expect.arrayContaining(SAMPLE_LINES));
      // without sharp an animated WebP is refused, naming what to install
      const refusal = await sh(process.execPath, ['extract.mjs', animatedWebp], dir).catch(
        (error: { stderr?: string }) => error.stderr ?? '',
      );
      expect(refusal).toContain('needs the sharp package');
    },
    25 * MINUTES,
  );

  it(
    '@onscreen/search-api installs with npm, starts the service on SQLite and answers, and its onscreen command runs',
    async () => {
      const dir = await emptyProject('service');
      await npmInstall(
        dir,
        PUBLIC.map((name) => tarballs[name] as string),
      );
      await writeFile(
        join(dir, 'start.mjs'),
        `import { resolveServeConfig, startOnscreenService } from '@onscreen/search-api';
const config = resolveServeConfig({ port: 0, samples: false, dataDir: process.argv[2] }, { ONSCREEN_LOG_LEVEL: 'silent' }, process.cwd());
const service = await startOnscreenService(config);
const readyz = await (await fetch(service.url + '/readyz')).json();
const openapi = (await fetch(service.url + '/v1/openapi.json')).status;
console.log(JSON.stringify({ readyz, openapi, store: service.store.backend, meilisearch: service.setup.meilisearch.version }));
await service.close();
`,
      );
      const dataDir = join(dir, 'data');
      const answer = JSON.parse(await sh(process.execPath, ['start.mjs', dataDir], dir)) as Record<string, unknown>;
      expect(answer).toEqual({ readyz: { status: 'ok', store: 'ok', search: 'ok' }, openapi: 200, store: 'sqlite', meilisearch: '1.21.0' });
      expect(existsSync(join(dataDir, 'onscreen.sqlite'))).toBe(true);
      // search-api brings sharp: the indexer beside it reads an animated WebP
      await writeFile(
        join(dir, 'extract.mjs'),
        "import { extractSegments } from '@onscreen/indexer';\n" +
          'const result = await extractSegments(process.argv[2]);\n' +
          'console.log(JSON.stringify(result.segments.map((s) => s.text)));\n',
      );
      const webpLines = JSON.parse(await sh(process.execPath, ['extract.mjs', animatedWebp], dir)) as string[];
      expect(webpLines).toEqual(expect.arrayContaining(SAMPLE_LINES));
      const version = JSON.parse(await readFile(join(dir, 'node_modules/@onscreen/search-api/package.json'), 'utf8')).version;
      expect((await sh(join(dir, 'node_modules/.bin/onscreen'), ['--version'], dir)).trim()).toBe(version);
    },
    25 * MINUTES,
  );
});
