import { decodeFrames } from './src/frames/decode-frames.js';
import { computeGrid } from './src/frames/frame-grid.js';
import { createFrameSelector } from './src/frames/frame-selector.js';
import { probeMedia } from './src/media/probe-media.js';
import { createOcrPool } from './src/ocr/ocr-pool.js';
const ff = process.env.FF!;
const file = process.argv[2];
const m = await probeMedia(file, { ffprobePath: ff });
const pool = await createOcrPool({ languages: 'eng', size: 1 });
const sel = createFrameSelector({ changeThreshold: 3 });
for await (const f of decodeFrames(file, { ffmpegPath: ff, sampleFps: 2, width: m.width, height: m.height, pixelFormat: m.pixelFormat, lastFrameMs: m.lastFrameMs })) {
  const g = computeGrid(f.pixels, f.width, f.height);
  const s = sel.next(g);
  if (!s) { console.log(f.timeMs, '-'); continue; }
  const top = Math.floor(s.rowStart * f.height / g.rows), bot = Math.min(f.height, Math.ceil(s.rowEnd * f.height / g.rows));
  const img = { width: f.width, height: bot - top, pixels: f.pixels.subarray(top * f.width, bot * f.width) };
  const lines = await pool.recognize(img, { layout: img.height === f.height ? 'sparse' : 'band' });
  console.log(f.timeMs, s.reason, s.rowStart, s.rowEnd, '/', g.rows, lines.filter((l) => l.confidence >= 0.6).map((l) => l.text).join(' | '));
  sel.feedback(s, []);
}
await pool.close();
process.exit(0);
