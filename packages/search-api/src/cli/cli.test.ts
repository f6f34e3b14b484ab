import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMAND_SETTINGS, resolveConfig } from '../app/config.js';
import { PACKAGE_VERSION } from '../package-files.js';
import type { CliContext } from './context.js';
import { runCli } from './main.js';

/** Runs the command line in-process with its own streams; returns exit code, stdout and stderr. */
async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const ctx: CliContext = {
    argv0: 'onscreen',
    env,
    cwd: '/nonexistent-onscreen-cwd',
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    signal: new AbortController().signal,
  };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

const COMMANDS = ['serve', 'worker', 'extract', 'index', 'search', 'demo', 'doctor'];

describe('onscreen command line', () => {
  it('prints --version and the list of commands', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: `${PACKAGE_VERSION}\n` });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of COMMANDS) expect(help.out).toContain(`${name} `);
    // no command at all: the help on stderr, exit 2
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: onscreen');
  });

  it.each(COMMANDS)('%s --help describes its options and environment, exit 0', async (name) => {
    const { code, out } = await cli([name, '--help']);
    expect(code).toBe(0);
    expect(out).toContain(`Usage: onscreen ${name}`);
    expect(out).toContain('Environment:');
  });

  it('answers a usage mistake with one line on stderr and exit code 2', async () => {
    for (const argv of [['search'], ['search', 'q', '--bogus'], ['bogus'], ['extract', 'a.mp4', 'b.mp4'], ['index', 'a.mp4']]) {
      const { code, err, out } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(err.trim().split('\n'), err).toHaveLength(1);
      expect(err).toMatch(/^onscreen/);
      expect(out).toBe('');
    }
  });

  it('search --limit 0 names the flag and its range, not an internal field', async () => {
    const { code, err } = await cli(['search', 'revenue', '--limit', '0']);
    expect(code).toBe(2);
    expect(err).toBe('onscreen: --limit: must be 1–50\n');
    expect((await cli(['search', 'revenue', '--moments', 'many'])).err).toBe('onscreen: --moments: must be a number\n');
  });

  it('names every bad value, one line each, before anything starts', async () => {
    const { code, err } = await cli(['worker', '--concurrency', '0', '--lease-ms', 'soon'], { MEILI_URL: 'ftp://m' });
    expect(code).toBe(2);
    expect(err.trim().split('\n').sort()).toEqual([
      'onscreen: --concurrency / ONSCREEN_WORKER_CONCURRENCY: must be 1–16',
      'onscreen: --lease-ms / ONSCREEN_LEASE_MS: must be a number of milliseconds',
      'onscreen: MEILI_MASTER_KEY: must be set when MEILI_URL is (onscreen never talks to a Meilisearch without a key)',
      'onscreen: MEILI_URL: must be an http:// or https:// URL',
    ]);
  });

  it.each(['serve', 'worker', 'index', 'search', 'demo', 'doctor', 'reconcile'])(
    '%s refuses MEILI_URL without MEILI_MASTER_KEY',
    async (name) => {
      const argv = name === 'index' ? [name, 'a.mp4', '--entry', 'e1'] : name === 'search' ? [name, 'q'] : [name];
      const { code, err } = await cli(argv, { MEILI_URL: 'http://127.0.0.1:1' });
      expect(code).toBe(2);
      expect(err).toContain('MEILI_MASTER_KEY: must be set when MEILI_URL is');
    },
  );
});

describe('one configuration for every command', () => {
  it('every command that talks to Meilisearch reads ONSCREEN_MEILI_INDEX', () => {
    const env = { ONSCREEN_MEILI_INDEX: 'tenant_a', MEILI_URL: 'http://m:7700', MEILI_MASTER_KEY: 'k' };
    for (const name of ['serve', 'worker', 'index', 'search', 'demo', 'doctor', 'reconcile'] as const) {
      expect(COMMAND_SETTINGS[name], name).toContain('indexUid');
      expect(resolveConfig(name, { entryId: 'e1' }, env, '/srv'), name).toMatchObject({ indexUid: 'tenant_a', meiliUrl: 'http://m:7700' });
    }
    expect(resolveConfig('search', {}, {}, '/srv')).toMatchObject({ indexUid: 'onscreen_segments', dataDir: '/srv/.onscreen', limit: 10 });
  });

  it('reads only the settings a command uses: a bad ONSCREEN_PORT does not stop a worker', () => {
    expect(resolveConfig('worker', {}, { ONSCREEN_PORT: 'http' }, '/')).not.toHaveProperty('port');
    expect(() => resolveConfig('serve', {}, { ONSCREEN_PORT: 'http' }, '/')).toThrow(/ONSCREEN_PORT: must be a number/);
  });

  it('accepts ISO 639-1 language codes and tesseract codes for --lang', () => {
    expect(resolveConfig('extract', { languages: 'en+es' }, {}, '/').languages).toBe('eng+spa');
    expect(resolveConfig('extract', { languages: 'deu' }, {}, '/').languages).toBe('deu');
    for (const bad of ['xx', 'e', 'en-US', 'eng+']) {
      expect(() => resolveConfig('extract', { languages: bad }, {}, '/'), bad).toThrow(
        /--lang \/ ONSCREEN_OCR_LANG: languages are ISO 639-1/,
      );
    }
  });
});
