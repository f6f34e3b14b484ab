import { describe, expect, it } from 'vitest';
import { signWorkerMediaUrl, verifyWorkerMediaSignature, WORKER_MEDIA_TTL_MS } from './worker-media-url.js';

const TOKEN = 'w'.repeat(40);
const NOW = 1_800_000_000_000;

describe('worker media URLs', () => {
  const url = signWorkerMediaUrl('http://api.internal:8080/', TOKEN, 'ent_1', NOW);
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature') ?? '';

  it('name the entry, expire, and carry no token', () => {
    expect(url.pathname).toBe('/v1/worker/media/ent_1');
    expect(expires).toBe(NOW + WORKER_MEDIA_TTL_MS);
    expect(url.href).not.toContain(TOKEN);
    expect(verifyWorkerMediaSignature(TOKEN, 'ent_1', expires, signature, NOW)).toBe(true);
  });

  it('refuse another entry, another token, a changed expiry, an expired URL and a malformed signature', () => {
    expect(verifyWorkerMediaSignature(TOKEN, 'ent_2', expires, signature, NOW)).toBe(false);
    expect(verifyWorkerMediaSignature('x'.repeat(40), 'ent_1', expires, signature, NOW)).toBe(false);
    expect(verifyWorkerMediaSignature(TOKEN, 'ent_1', expires + 1, signature, NOW)).toBe(false);
    expect(verifyWorkerMediaSignature(TOKEN, 'ent_1', expires, signature, expires + 1)).toBe(false);
    expect(verifyWorkerMediaSignature(TOKEN, 'ent_1', expires, signature.slice(2), NOW)).toBe(false);
    // an expiry further out than a signer may set is refused even with a valid signature for it
    const far = signWorkerMediaUrl('http://api', TOKEN, 'ent_1', NOW + 10 * WORKER_MEDIA_TTL_MS);
    expect(
      verifyWorkerMediaSignature(TOKEN, 'ent_1', Number(far.searchParams.get('expires')), far.searchParams.get('signature') ?? '', NOW),
    ).toBe(false);
  });
});
