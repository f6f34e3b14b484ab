/**
 * Cuts a stream of raw pixels (ffmpeg's `-f rawvideo`) into frames of `frameBytes` each, whatever
 * the chunk sizes the pipe delivers. Each yielded frame is a buffer of its own, safe to keep.
 */
export async function* rawFrames(stream: AsyncIterable<Buffer>, frameBytes: number): AsyncGenerator<Uint8Array> {
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  for await (const chunk of stream) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === frameBytes) {
        yield frame;
        frame = new Uint8Array(frameBytes);
        filled = 0;
      }
    }
  }
}
