import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@onscreen/core';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './data-dir-lock.js';
import { summariseOutput } from './wait-for-healthy.js';

const dir = mkdtempSync(join(tmpdir(), 'onscreen-lock-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireDataDirLock', () => {
  it('refuses a second holder while the owner lives, and frees on release', () => {
    const file = join(dir, 'a.lock');
    const lock = acquireDataDirLock(file);
    expect(() => acquireDataDirLock(file)).toThrow(expect.objectContaining({ code: ErrorCode.MEILI_UNAVAILABLE }));
    lock.setOwner(4242);
    expect(readFileSync(file, 'utf8').trim()).toBe('4242');
    lock.release();
    lock.release();
    acquireDataDirLock(file).release();
  });

  it('takes over a lock whose owner is dead', () => {
    const file = join(dir, 'b.lock');
    writeFileSync(file, '2147483646\n');
    const lock = acquireDataDirLock(file);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});

describe('summariseOutput', () => {
  it('prefers error lines over the banner', () => {
    const output = 'banner\n\nline\nERROR meilisearch: error=Address already in use\nbacktrace 1\n';
    expect(summariseOutput(output)).toBe('ERROR meilisearch: error=Address already in use');
    expect(summariseOutput('a\nb\n')).toBe('a\nb');
  });
});
