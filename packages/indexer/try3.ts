import { createOcrPool } from './src/ocr/ocr-pool.js';
import { spawnSync } from 'node:child_process';
const ff = process.env.FF!;
const [file, t, w, h] = [process.argv[2], process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
const pool = await createOcrPool({ languages: 'eng', size: 1 });
const variants: Record<string, [string, number]> = {
  raw: ['format=gray', 1],

  raw2x: ['format=gray,scale=iw*2:ih*2:flags=bicubic', 2],
  raw3x: ['format=gray,scale=iw*3:ih*3:flags=bicubic', 3],
  raw4x: ['format=gray,scale=iw*4:ih*4:flags=bicubic', 4],
};
for (const [name, [vf, s]] of Object.entries(variants)) {
  const r = spawnSync(ff, ['-v', 'error', '-ss', t, '-i', file, '-frames:v', '1', '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1e8 });
  if (r.status !== 0) { console.log(name, String(r.stderr)); continue; }
  const t0 = performance.now();
  const lines = await pool.recognize({ width: w * s, height: h * s, pixels: new Uint8Array(r.stdout) });
  console.log(name, Math.round(performance.now() - t0), 'ms', lines.filter((l) => l.confidence >= 0.6).map((l) => l.text).join(' | '));
}
await pool.close();
