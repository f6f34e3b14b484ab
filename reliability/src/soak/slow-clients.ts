/**
 * Slow clients: 300 slowloris connections (headers that never end, a header line every 5 s; each
 * reconnects when the service closes it) and 50 slow uploads (an authenticated multipart upload that
 * says 50 MB and sends 2 KB a second) for 60 s against `onscreen serve` with its default limits, while
 * 10 searchers query it. The attackers connect from other loopback addresses (127.0.0.2, 127.0.0.3; the
 * service still listens on 127.0.0.1 only), as attackers elsewhere would; the searchers from 127.0.0.1.
 * Invariants: searches keep being answered without errors (p95 reported against a baseline without the
 * attack in the same run), the service's open file descriptors stay far below its limit and fall back
 * after the attack, and it still answers afterwards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeiliClient, startEmbeddedMeilisearch } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { createChecks, envInt, sleep } from '../lib/harness.js';
import { runSearchLoad } from '../lib/search-load.js';
import { startServeProcess } from '../lib/serve.js';
import { indexSyntheticSegments, makeUsers, searchQueries } from '../lib/synthetic-segments.js';

const SLOWLORIS = envInt('SLOW_LORIS_CONNECTIONS', 300);
const SLOW_UPLOADS = envInt('SLOW_UPLOADS', 50);
const DURATION_MS = envInt('SLOW_DURATION_S', 60) * 1_000;
const BASELINE_MS = envInt('SLOW_BASELINE_S', 20) * 1_000;
const SEARCHERS = 10;
const INDEX_UID = 'slow_clients';
const LORIS_ADDRESS = '127.0.0.2';
const UPLOAD_ADDRESS = '127.0.0.3';

const checks = createChecks('slow-clients');
const dir = await mkdtemp(join(tmpdir(), 'onscreen-slow-'));
const meili = await startEmbeddedMeilisearch({ dataDir: join(dir, 'meili') });
const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
const dataDir = join(dir, 'data');
let serve: Awaited<ReturnType<typeof startServeProcess>> | undefined;
const sockets = new Set<Socket>();

interface AttackStats {
  connections: number;
  /** Closed by the service within 1 s of connecting: refused by the per-address cap. */
  refused: number;
  /** Closed by the service later: a timeout (headers, idle or request). */
  cutOff: number;
  /** Answers the service sent before closing (status → count). */
  answers: Record<string, number>;
  maxOpen: number;
}

const newStats = (): AttackStats => ({ connections: 0, refused: 0, cutOff: 0, answers: {}, maxOpen: 0 });

/** One attacker loop: connect, `start` the request, `drip` every `everyMs`, reconnect when closed, until the deadline. */
async function attacker(
  port: number,
  localAddress: string,
  stats: AttackStats,
  open: { n: number },
  deadline: number,
  start: string,
  drip: () => string,
  everyMs: number,
) {
  while (Date.now() < deadline) {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    sockets.add(socket);
    const connectedAt = Date.now();
    let connected = false;
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    await new Promise<void>((resolve) => {
      socket.once('connect', () => {
        connected = true;
        stats.connections += 1;
        open.n += 1;
        stats.maxOpen = Math.max(stats.maxOpen, open.n);
        socket.write(start);
      });
      const timer = setInterval(() => {
        if (Date.now() >= deadline) socket.destroy();
        else socket.write(drip());
      }, everyMs);
      socket.once('close', () => {
        clearInterval(timer);
        sockets.delete(socket);
        if (connected) open.n -= 1;
        if (Date.now() < deadline) {
          if (Date.now() - connectedAt < 1_000) stats.refused += 1;
          else stats.cutOff += 1;
          const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
          if (status !== undefined) stats.answers[status] = (stats.answers[status] ?? 0) + 1;
        }
        resolve();
      });
    });
    await sleep(50);
  }
}

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const fdLimit = (pid: number) => Number(/Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? Number.NaN);

try {
  await mkdir(dataDir, { recursive: true });
  const store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
  const users = await makeUsers(store, 5);
  await store.close();
  await indexSyntheticSegments(
    client.client,
    INDEX_UID,
    users.map((u) => u.id),
    300,
    40,
  );
  serve = await startServeProcess({ dataDir, meili, indexUid: INDEX_UID, workerConcurrency: 1, unlimited: true });
  const pid = serve.child.pid as number;
  const port = Number(new URL(serve.url).port);
  const searchUsers = users.slice(0, 4);
  const attackerToken = (users[4] as { token: string }).token;
  const queries = searchQueries();

  await runSearchLoad({ baseUrl: serve.url, users: searchUsers, queries, searchers: SEARCHERS, durationMs: 3_000 });
  const fdsBefore = fdCount(pid);
  const baseline = await runSearchLoad({ baseUrl: serve.url, users: searchUsers, queries, searchers: SEARCHERS, durationMs: BASELINE_MS });
  console.info('baseline', baseline);

  const deadline = Date.now() + DURATION_MS;
  const loris = newStats();
  const uploads = newStats();
  const lorisOpen = { n: 0 };
  const uploadsOpen = { n: 0 };
  const fdSamples: number[] = [];
  const sampler = setInterval(() => fdSamples.push(fdCount(pid)), 500);
  const lorisStart = 'GET /v1/search?q=revenue HTTP/1.1\r\nHost: 127.0.0.1\r\n';
  const boundary = 'slowboundary';
  const uploadStart =
    `POST /v1/entries HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${attackerToken}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nslow\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.mp4"\r\n\r\n`;
  const attacks = [
    ...Array.from({ length: SLOWLORIS }, (_, i) =>
      sleep(i * 5).then(() => attacker(port, LORIS_ADDRESS, loris, lorisOpen, deadline, lorisStart, () => `X-Slow-${i}: 1\r\n`, 5_000)),
    ),
    ...Array.from({ length: SLOW_UPLOADS }, (_, i) =>
      sleep(i * 20).then(() => attacker(port, UPLOAD_ADDRESS, uploads, uploadsOpen, deadline, uploadStart, () => 'x'.repeat(2048), 1_000)),
    ),
  ];
  const underAttack = await runSearchLoad({
    baseUrl: serve.url,
    users: searchUsers,
    queries,
    searchers: SEARCHERS,
    durationMs: DURATION_MS,
  });
  await Promise.all(attacks);
  clearInterval(sampler);
  console.info('under attack', underAttack, { loris, uploads });
  await sleep(3_000);
  const fdsAfter = fdCount(pid);
  const health = await fetch(`${serve.url}/healthz`).then(
    (r) => r.status,
    () => 0,
  );
  const after = await runSearchLoad({ baseUrl: serve.url, users: searchUsers, queries, searchers: SEARCHERS, durationMs: 5_000 });
  const limit = fdLimit(pid);
  const maxFds = Math.max(...fdSamples);

  checks.check(
    underAttack.errors === 0,
    `searches answered without errors under attack (${underAttack.errors}: ${JSON.stringify(underAttack.errorKinds)})`,
  );
  checks.check(underAttack.requests > 0, `searches kept being answered (${underAttack.requests} in ${DURATION_MS / 1000} s)`);
  checks.check(maxFds < limit / 4, `open file descriptors stayed far below the limit (max ${maxFds} of ${limit})`);
  checks.check(fdsAfter <= fdsBefore + 20, `file descriptors fell back after the attack (${fdsBefore} before, ${fdsAfter} after)`);
  checks.check(
    loris.refused + loris.cutOff > 0,
    `slowloris connections were refused or cut off (${loris.refused} refused, ${loris.cutOff} cut off)`,
  );
  checks.check(
    health === 200 && after.errors === 0,
    `the service answers after the attack (healthz ${health}, ${after.requests} searches, ${after.errors} errors)`,
  );
  const ok = await checks.finish({
    slowlorisConnections: SLOWLORIS,
    slowUploads: SLOW_UPLOADS,
    durationS: DURATION_MS / 1_000,
    searchers: SEARCHERS,
    baseline,
    underAttack,
    p95OverBaseline: Math.round((underAttack.p95Ms / baseline.p95Ms) * 10) / 10,
    slowloris: loris,
    uploads,
    fileDescriptors: { before: fdsBefore, maxDuringAttack: maxFds, after: fdsAfter, limit },
    afterAttack: after,
  });
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const socket of sockets) socket.destroy();
  if (serve !== undefined) {
    serve.child.kill('SIGTERM');
    await Promise.race([serve.exited, sleep(15_000)]);
    serve.child.kill('SIGKILL');
  }
  await client.close();
  await meili.close();
  await rm(dir, { recursive: true, force: true });
}
