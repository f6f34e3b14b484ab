import { extractSegments } from './extract-segments.js';
import { createOcrPool } from './ocr/ocr-pool.js';
const pool = await createOcrPool({ languages: 'eng', size: 1 });
const orig = pool.recognize.bind(pool);
(pool as any).recognize = async (img: any, o: any) => { const r = await orig(img, o); console.log('read', img.width, img.height, o.layout, r.map((l: any) => l.text)); return r; };
for (const f of process.argv.slice(2)) {
const r = await extractSegments(f, { pool, ocr: { sampleFps: 2 } as never });
console.log(f, r.durationMs, r.stats.framesOcred, r.segments.map((s) => [s.text, s.startMs, s.endMs]));
}
await pool.close();
