import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, inject, it } from 'vitest';

it('the index-and-search example runs and finds the sample video text', async () => {
  const script = fileURLToPath(new URL('./index-and-search.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: { ...process.env, MEILI_URL: inject('meiliUrl'), MEILI_MASTER_KEY: inject('meiliMasterKey') },
    timeout: 120_000,
  });
  expect(stdout).toMatch(/"revnue" → Quarterly review at \d+\.\d s: .*<mark>/);
  expect(stdout).toContain('a second user sees nothing of the private entry: ok');
});
