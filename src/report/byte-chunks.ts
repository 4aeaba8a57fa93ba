/**
 * Node's UTF-8 encoder without `Buffer#write`'s argument checks, which cost more than the copy for the
 * short texts written here (node has had them since 0.x; `write` itself calls them). Falls back to
 * `write` where a runtime lacks them.
 */
interface RawWrites {
  utf8Write?(s: string, offset: number): number;
}
const raw = Buffer.prototype as unknown as RawWrites;
const utf8Write: (b: Buffer, s: string, at: number) => number = raw.utf8Write ? (b, s, at) => (b as unknown as Required<RawWrites>).utf8Write(s, at) : (b, s, at) => b.write(s, at, 'utf8');

/**
 * UTF-8 output built straight into byte buffers, for reports as large as their input (the
 * exposure JSON of a 100k-interface account is ~70 MB). Building that as strings makes a rope of
 * millions of small pieces, flattens it and encodes it again for the file; here each character is
 * written once, and texts many lines share are encoded once (`encode`) and copied.
 */
export class ByteChunks {
  private buf: Buffer;
  private pos = 0;

  /** `size`: how much to gather before `take` hands a piece out. */
  constructor(private readonly size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size + (size >> 2));
  }

  /** Bytes made once (`encode`) and copied for every use. */
  bytes(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** `b[from..to)`. */
  range(b: Uint8Array, from: number, to: number): void {
    this.bytes(from === 0 && to === b.length ? b : b.subarray(from, to));
  }

  comma(): void {
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.buf[this.pos++] = 0x2c;
  }

  /** Text, UTF-8 encoded (one call into the runtime: faster than a byte loop in JavaScript). */
  text(s: string): void {
    // A UTF-16 unit is at most three UTF-8 bytes; `write` would silently cut a string that does not fit.
    if (this.pos + 3 * s.length > this.buf.length) this.grow(3 * s.length);
    this.pos += utf8Write(this.buf, s, this.pos);
  }

  /** A JSON string literal (quotes and escapes included). */
  jsonString(s: string): void {
    const n = s.length;
    if (this.pos + n + 2 > this.buf.length) this.grow(n + 2);
    // Ids are short and plain ASCII: checked and copied in one loop (a call into the runtime per
    // string cost more than the copy). `pos` moves only at the end, so the general way overwrites.
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Anything JSON escapes (quote, backslash, controls) or that is not ASCII goes the general way.
      if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f) {
        this.text(JSON.stringify(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** Whether a piece is ready (call between records, so that no piece ends inside one). */
  full(): boolean {
    return this.pos >= this.size;
  }

  /**
   * What has been written since the last `take`: its own buffer (safe to hand to an asynchronous
   * writer), or with `reuse` a view of the working buffer, valid until the next write (for a
   * synchronous writer: a fresh megabyte per piece costs page faults and external-memory GCs).
   */
  take(reuse = false): Buffer {
    const out = this.buf.subarray(0, this.pos);
    if (!reuse) this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return out;
  }

  /** One record larger than the slack: a bigger buffer, the bytes so far copied over. */
  private grow(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + need));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Bytes of a text used many times. */
export const encode = (s: string): Buffer => Buffer.from(s, 'utf8');
