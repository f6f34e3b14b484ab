import type { FastifyInstance } from 'fastify';

/**
 * The policy of the web page, sent on every answer (the page, its assets, the API, errors): scripts,
 * styles, images, media and API calls only from this origin, no inline script or style, no plugins, no
 * framing, no <base>. `data:` images are the page's empty favicon. Media answers replace it with
 * MEDIA_CONTENT_SECURITY_POLICY.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * A media file opened on its own (a new tab) is a sandboxed document (no script, an opaque origin) that
 * may only play itself: whatever its bytes hold, nothing in it runs or loads anything else.
 */
export const MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; media-src 'self'; sandbox";

/** Headers every answer carries unless its route set its own. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Adds SECURITY_HEADERS to every answer (onSend: errors, 404s and static files included). */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
  });
}
