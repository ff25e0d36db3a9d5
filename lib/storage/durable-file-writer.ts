import "server-only";
import { createHash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";

/** Start flushing to disk in the background every this many bytes, so the final fsync has little left to do. */
const FLUSH_EVERY = 32 * 1024 * 1024;

/**
 * A Writable into a new file that hashes as it writes and overlaps fdatasync with receiving.
 * `result()` resolves after the last byte is durable on disk.
 */
export class DurableFileWriter extends Writable {
  private handle: FileHandle | undefined;
  private readonly hash = createHash("sha256");
  private bytes = 0;
  private unflushed = 0;
  private flushing: Promise<void> | undefined;

  constructor(private readonly filePath: string) {
    super({ highWaterMark: 4 * 1024 * 1024 });
  }

  get size(): number {
    return this.bytes;
  }

  digest(): string {
    return this.hash.digest("hex");
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.filePath, "wx").then(
      (h) => {
        this.handle = h;
        callback();
      },
      (e: Error) => callback(e),
    );
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeAll([chunk]).then(() => callback(), callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const handle = this.handle!;
    (async () => {
      await this.flushing;
      await handle.datasync();
      await handle.close();
    })().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return callback(error);
    handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  private async writeAll(chunks: Buffer[]): Promise<void> {
    const handle = this.handle!;
    for (const chunk of chunks) this.hash.update(chunk);
    await handle.writev(chunks);
    const n = chunks.reduce((sum, c) => sum + c.length, 0);
    this.bytes += n;
    this.unflushed += n;
    if (this.unflushed >= FLUSH_EVERY && !this.flushing) {
      this.unflushed = 0;
      this.flushing = handle.datasync().finally(() => {
        this.flushing = undefined;
      });
    }
  }
}
