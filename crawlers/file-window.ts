import { open, type FileHandle } from 'node:fs/promises';

/** Bytes read ahead at a time: a few records' worth, so small records cost one read between them. */
const WINDOW_BYTES = 1024 * 1024;

/**
 * Random access to a file through one read-ahead window. Each refill allocates a new buffer, so a
 * slice handed out earlier stays valid after the window moves on.
 */
export class FileWindow {
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;

  private constructor(
    private readonly file: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string, size: number): Promise<FileWindow> {
    return new FileWindow(await open(path, 'r'), size);
  }

  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  async bytes(offset: number, length: number): Promise<Buffer> {
    const want = Math.max(0, Math.min(length, this.size - offset));
    if (offset >= this.start && offset + want <= this.start + this.buf.length) {
      return this.buf.subarray(offset - this.start, offset - this.start + want);
    }
    const fill = Math.min(Math.max(want, WINDOW_BYTES), this.size - offset);
    const buf = Buffer.alloc(Math.max(fill, 0));
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await this.file.read(buf, got, buf.length - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.buf = buf.subarray(0, got);
    this.start = offset;
    return this.buf.subarray(0, Math.min(want, got));
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** Up to `length` bytes of the file at `offset` (fewer at its end), in one positional read. */
export async function readFileAt(path: string, offset: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
