import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers.js';
import { openTestService, type TestService } from './testing/test-service.js';

/** Every answer carries the page's policy, nosniff and no-referrer: the page, its assets, the API, errors, 404s. */
let service: TestService;
let web: string;
beforeAll(async () => {
  web = await mkdtemp(join(tmpdir(), 'onscreen-web-dist-'));
  await mkdir(join(web, 'assets'));
  await writeFile(join(web, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(web, 'assets', 'app.js'), 'console.log(1)');
  service = await openTestService({ limits: { requestsPerMinute: 1000 }, webDistDir: web });
});
afterAll(async () => {
  await service?.close();
  await rm(web, { recursive: true, force: true });
});

describe('security headers', () => {
  it.each([
    ['the page', null, 'GET', '/', 200],
    ['a page asset', null, 'GET', '/assets/app.js', 200],
    ['a JSON answer', 'alice', 'GET', '/v1/me', 200],
    ['the OpenAPI document', null, 'GET', '/v1/openapi.json', 200],
    ['a 401', null, 'GET', '/v1/me', 401],
    ['a 400', 'alice', 'POST', '/v1/tokens', 400],
    ['a 404 of the API', 'alice', 'GET', '/v1/nothing-here', 404],
    ['a missing asset', null, 'GET', '/assets/missing.js', 404],
    ['a source map that is not there', null, 'GET', '/assets/app.js.map', 404],
    ['health', null, 'GET', '/healthz', 200],
  ] as const)('on %s', async (_what, who, method, url, status) => {
    const res = await service.call(who === null ? null : service.alice, method, url, method === 'POST' ? { ttlSeconds: 1 } : undefined);
    expect(res.statusCode).toBe(status);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name], name).toBe(value);
  });

  it('is a policy without inline script, plugins or framing', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*/);
  });
});
