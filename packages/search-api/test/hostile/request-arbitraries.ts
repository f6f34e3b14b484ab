import fc from 'fast-check';

/** One request as `app.inject` takes it. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** Strings that have broken parsers, filters, paths and terminals somewhere. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fonscreen.sqlite',
  '%2e%2e',
  '..',
  '.',
  '%00',
  'a\u0000b',
  '%',
  '%ZZ',
  "' OR 1=1 --",
  "'; DROP TABLE entries; --",
  '" OR visibility = "private',
  'x" OR ownerId != "x',
  '") OR (entryId EXISTS',
  'visibility = private OR 1 = 1',
  '_geoRadius(0, 0, 1)',
  '{"$ne": null}',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${process.env}',
  '{{constructor.constructor("x")()}}',
  '__proto__',
  'constructor',
  '\u202e\u0301ü😀𝔘\ufffd',
  '\ud800',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '9'.repeat(400),
  'x'.repeat(5000),
] as const;

const hostileText = (maxLength: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_STRINGS.slice(0, 30)), { maxLength: 4 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength }) },
  );

/** Percent-encoding that survives lone surrogates (they become U+FFFD, as a UTF-8 client would send them). */
const encode = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));

/** A path segment: hostile ids, raw (inject sends them as they are) or percent-encoded. */
const idSegment = (knownIds: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...knownIds),
    hostileText(80).map(encode),
    fc.constantFrom('..', '%2e%2e', '..%2f..%2f', '%00', 'x%00.mp4', '%2F', 'a'.repeat(300), 'ent_%0d%0aSet-Cookie:x'),
  );

const query = fc.dictionary(
  fc.constantFrom(
    'q',
    'entryId',
    'categoryId',
    'ownerId',
    'language',
    'fromMs',
    'toMs',
    'minConfidence',
    'page',
    'pageSize',
    'limit',
    'offset',
    't',
    'access_token',
    '__proto__',
    'filter',
  ),
  hostileText(200),
  { maxKeys: 5 },
);

const encodeQuery = (params: Record<string, string>, raw: boolean) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${raw ? v.replace(/[#\s]/g, '') : encode(v)}`)
    .join('&');

const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['GET', '/v1/entries/:id'],
  ['PATCH', '/v1/entries/:id'],
  ['DELETE', '/v1/entries/:id'],
  ['GET', '/v1/entries/:id/labels'],
  ['GET', '/v1/entries/:id/ocr.json'],
  ['GET', '/v1/entries/:id/ocr.vtt'],
  ['GET', '/v1/entries/:id/ocr.srt'],
  ['GET', '/v1/entries/:id/thumbnail'],
  ['GET', '/v1/entries/:id/media'],
  ['GET', '/v1/entries/:id/orders'],
  ['GET', '/v1/entries'],
  ['GET', '/v1/search'],
  ['POST', '/v1/orders'],
  ['GET', '/v1/orders/:id'],
  ['DELETE', '/v1/orders/:id'],
  ['GET', '/v1/account/reach'],
  ['PATCH', '/v1/account/reach'],
  ['POST', '/v1/users'],
  ['POST', '/v1/tokens/revoke'],
  ['POST', '/v1/tokens'],
  ['GET', '/v1/tokens'],
  ['DELETE', '/v1/tokens/:id'],
  ['GET', '/v1/me'],
  ['GET', '/v1/rules'],
  ['POST', '/v1/rules'],
  ['DELETE', '/v1/rules/:id'],
  ['GET', '/v1/rules/:id/runs'],
  ['GET', '/v1/categories'],
  ['POST', '/v1/galleries'],
  ['PATCH', '/v1/galleries/:id'],
  ['GET', '/v1/channels'],
  ['POST', '/v1/channels'],
  ['GET', '/v1/channels/:id'],
  ['PATCH', '/v1/channels/:id'],
  ['POST', '/v1/channels/:id/members'],
  ['GET', '/v1/channels/:id/entries'],
  ['POST', '/v1/channels/:id/entries'],
  ['GET', '/healthz'],
  ['GET', '/readyz'],
  ['GET', '/v1/openapi.json'],
  ['PUT', '/v1/entries/:id'],
  ['OPTIONS', '/v1/search'],
  ['HEAD', '/v1/entries/:id'],
  ['GET', '/v1/:id'],
  ['GET', '/:id'],
];

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      { entryIds: fc.array(hostileText(80), { maxLength: 3 }), service: hostileText(20), ocr: fc.anything({ maxDepth: 2 }) },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record(
      { title: hostileText(300), visibility: hostileText(20), tags: fc.anything({ maxDepth: 1 }), categoryIds: fc.array(hostileText(40)) },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        token: hostileText(250),
        name: hostileText(100),
        role: hostileText(10),
        enabled: fc.anything({ maxDepth: 0 }),
        creditMinutes: fc.anything({ maxDepth: 0 }),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{',
    '{"a":',
    '{"__proto__": {"isAdmin": true}}',
    '{"constructor": {"prototype": {"x": 1}}}',
    'null',
    '[]',
    '"x"',
    '1',
    '{"entryIds":"x"}',
    '\u0000',
    '\ufeff{}',
    `{"a":"${'x'.repeat(1_100_000)}"}`,
  ),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=zz',
  'application/xml',
  'application/json\r\nX-Injected: 1'.replace(/\r\n/g, ' '),
];

/** Authorization headers: the fuzzing user's token, none, or garbage (never the victim's token). */
const authHeader = (token: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | undefined>(`Bearer ${token}`) },
    { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom(
          '',
          'Bearer',
          'Bearer ',
          `Basic ${Buffer.from('admin:admin').toString('base64')}`,
          `Bearer ${token}x`,
          `Bearer ${token.slice(0, -1)}`,
          `Token ${token}`,
          'Bearer null',
          'Bearer undefined',
          `Bearer ${'A'.repeat(5000)}`,
        ),
        hostileText(120).map((s) => `Bearer ${s.replace(/[\r\n]/g, '')}`),
      ),
    },
  );

/** A generated request to one of the API's routes (or a wrong one) with hostile ids, queries, bodies and headers. */
export function requestArbitrary(knownIds: readonly string[], token: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      route: fc.constantFrom(...ROUTES),
      id: idSegment(knownIds),
      query: fc.option(query, { nil: undefined }),
      rawQuery: fc.boolean(),
      body: fc.option(jsonBody, { nil: undefined }),
      contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 3, nil: undefined }),
      auth: authHeader(token),
    })
    .map(({ route: [method, template], id, query: q, rawQuery, body, contentType, auth }) => {
      const search = q && Object.keys(q).length > 0 ? `?${encodeQuery(q, rawQuery)}` : '';
      const headers: Record<string, string> = {};
      if (auth !== undefined) headers.authorization = auth.replace(/[^\t\x20-\x7e]/g, '?');
      const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
      if (withBody) headers['content-type'] = contentType ?? 'application/json';
      return { method, url: template.replace(':id', id) + search, headers, ...(withBody ? { payload: body } : {}) };
    });
}

/** Multipart uploads with traversal file names, wrong field names, several files, broken framing. */
export function uploadArbitrary(token: string, marker: string): fc.Arbitrary<FuzzRequest> {
  const names = fc.constantFrom(
    `../../${marker}.mp4`,
    `..\\..\\${marker}.mp4`,
    `/tmp/${marker}.mp4`,
    `%2e%2e%2f${marker}.mp4`,
    `media/../../${marker}.mkv`,
    `${marker}.mp4\u0000.png`,
    `${marker}.${'x'.repeat(300)}`,
    `${'a'.repeat(2000)}.mp4`,
    `${marker}";\r\nContent-Type: text/html\r\n\r\n<script>.mp4`,
    '',
    '.mp4',
    '😀.webm',
  );
  return fc
    .record({
      name: names,
      field: fc.constantFrom('file', 'file', 'video', '../file', 'title'),
      title: fc.option(hostileText(300), { nil: undefined }),
      visibility: fc.option(fc.constantFrom('private', 'published', 'public', '', "' OR 1=1"), { nil: undefined }),
      files: fc.integer({ min: 0, max: 2 }),
      content: fc.uint8Array({ maxLength: 2048 }),
      broken: fc.constantFrom('none', 'none', 'none', 'no-end', 'wrong-boundary', 'no-boundary'),
    })
    .map(({ name, field, title, visibility, files, content, broken }) => {
      const boundary = 'fuzzBoundary7';
      const parts: Buffer[] = [];
      const text = (k: string, v: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
      if (title !== undefined) parts.push(text('title', title));
      if (visibility !== undefined) parts.push(text('visibility', visibility));
      for (let i = 0; i < files; i += 1) {
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: video/mp4\r\n\r\n`,
          ),
          Buffer.from(content),
          Buffer.from('\r\n'),
        );
      }
      if (broken !== 'no-end') parts.push(Buffer.from(`--${boundary}--\r\n`));
      const contentType =
        broken === 'no-boundary'
          ? 'multipart/form-data'
          : `multipart/form-data; boundary=${broken === 'wrong-boundary' ? 'other' : boundary}`;
      return {
        method: 'POST',
        url: '/v1/entries',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        payload: Buffer.concat(parts),
      };
    });
}
