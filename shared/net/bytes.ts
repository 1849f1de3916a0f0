// Little-endian byte writing and reading for the binary codecs. The reader throws
// `RangeError` past the end; decoders turn that into a refusal.

/** What a decoder returns: the value, or why the bytes were refused. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

export class ByteWriter {
  private readonly view: DataView;
  private offset = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.offset;
  }

  /** Starts over at the beginning (a writer reused for every message). */
  rewind(): this {
    this.offset = 0;
    return this;
  }

  u8(n: number): this {
    this.view.setUint8(this.offset, n & 0xff);
    this.offset += 1;
    return this;
  }

  u16(n: number): this {
    this.view.setUint16(this.offset, n & 0xffff, true);
    this.offset += 2;
    return this;
  }

  u32(n: number): this {
    this.view.setUint32(this.offset, n >>> 0, true);
    this.offset += 4;
    return this;
  }
}

export class ByteReader {
  private readonly view: DataView;
  offset = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  u8(): number {
    const n = this.view.getUint8(this.offset);
    this.offset += 1;
    return n;
  }

  u16(): number {
    const n = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return n;
  }

  u32(): number {
    const n = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return n;
  }
}
