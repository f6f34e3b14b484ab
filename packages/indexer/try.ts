import { extractSegments } from '@onscreen/indexer';
const ff = process.env.FF!;
for (const f of process.argv.slice(2)) {
  const t = performance.now();
  try { const r = await extractSegments(f, { ffmpegPath: ff, ffprobePath: ff }); console.log(f, JSON.stringify(r.stats), r.media.durationMs); for (const s of r.segments) console.log(`  ${s.startMs}-${s.endMs} ${s.text} (${s.confidence.toFixed(2)}) y=${s.bbox.y.toFixed(3)}`); }
  catch (e: any) { console.log(f, e.code, e.message, e.details); }
  console.log(Math.round(performance.now() - t), 'ms');
}
process.exit(0);
