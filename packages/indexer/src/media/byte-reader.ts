/**
 * Reads a stream of bytes front to back in pieces of a size the caller names, keeping no more than the
 * piece being read: what RIFF files (WebP) need to be walked chunk by chunk without being loaded whole.
 */
export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;
  /** Bytes consumed so far (read or skipped). */
  position = 0;

  constructor(bytes: AsyncIterable<Uint8Array>) {
    this.iterator = bytes[Symbol.asyncIterator]();
  }

  /** Pulls one more piece from the stream into `pending`; false at its end. */
  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.iterator.next();
    if (next.done === true) {
      this.ended = true;
      return false;
    }
    const piece = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.pending = piece; // pulled only once the last piece is used up
    return true;
  }

  /** Exactly `length` bytes, or undefined when the stream ends first (what was there is consumed). */
  async read(length: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let missing = length;
    while (missing > 0) {
      if (this.pending.length === 0 && !(await this.pull())) {
        return undefined;
      }
      const take = Math.min(missing, this.pending.length);
      parts.push(this.pending.subarray(0, take));
      this.pending = this.pending.subarray(take);
      this.position += take;
      missing -= take;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /** Passes over `length` bytes without keeping them; false when the stream ends first. */
  async skip(length: number): Promise<boolean> {
    let missing = length;
    while (missing > 0) {
      if (this.pending.length === 0 && !(await this.pull())) return false;
      const take = Math.min(missing, this.pending.length);
      this.pending = this.pending.subarray(take);
      this.position += take;
      missing -= take;
    }
    return true;
  }

  /** A RIFF chunk header: four-letter type and payload size; undefined at (or cut short before) the end. */
  async readChunkHeader(): Promise<{ type: string; size: number } | undefined> {
    const header = await this.read(8);
    return header === undefined ? undefined : { type: header.toString('latin1', 0, 4), size: header.readUInt32LE(4) };
  }

  /** Stops the stream (a file closed, a download ended) when reading stops early. */
  async close(): Promise<void> {
    this.ended = true;
    await this.iterator.return?.();
  }
}
