import "server-only";
import { createHash, type Hash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";
import type { ChunkHasher } from "./off-thread-hash";

/** Start flushing to disk in the background every this many bytes, so the final fsync has little left to do. */
const FLUSH_EVERY = 32 * 1024 * 1024;

export interface DurableFileWriterOptions {
  /** Write into an existing file from this byte offset (resuming); without it a new file is created. */
  start?: number;
  /**
   * The hash to feed; each chunk is added only once it is written. Defaults to a new SHA-256; null for none. A hasher
   * with `ready` (OffThreadHash) is awaited after each write, so a slower hashing thread slows the writer down.
   */
  hash?: ChunkHasher | null;
  /**
   * true (default): finishing waits until every byte is durable (fdatasync) and reports its failure.
   * false: finishing does not wait for the flush in progress; a failure of it is passed to `onLateError`.
   */
  syncOnFinish?: boolean;
  onLateError?: (error: Error) => void;
  /** Also compute a SHA-1 of what is written (sha1Digest()). */
  sha1?: boolean;
}

/**
 * A Writable into a file that hashes as it writes and overlaps fdatasync with receiving: every
 * FLUSH_EVERY bytes it starts a background fdatasync, so what is left at the end is at most about
 * that much. With `syncOnFinish` the stream finishes only once the last byte is durable on disk.
 */
export class DurableFileWriter extends Writable {
  private handle: FileHandle | undefined;
  private readonly hash: ChunkHasher | null;
  private readonly sha1: Hash | null;
  private readonly ownHash: Hash | null;
  private position: number;
  private bytes = 0;
  private unflushed = 0;
  private flushing: Promise<void> | undefined;
  private flushError: Error | undefined;

  constructor(
    private readonly filePath: string,
    private readonly options: DurableFileWriterOptions = {},
  ) {
    super({ highWaterMark: 4 * 1024 * 1024 });
    this.ownHash = options.hash === undefined ? createHash("sha256") : null;
    this.hash = this.ownHash ?? options.hash ?? null;
    this.sha1 = options.sha1 ? createHash("sha1") : null;
    this.position = options.start ?? 0;
  }

  /** Bytes written by this writer. */
  get size(): number {
    return this.bytes;
  }

  /** Resolves when the background flush in progress (if any) has ended; rejects if one failed. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.flushError) throw this.flushError;
  }

  /** Hex digest of the SHA-1 (only with the `sha1` option). */
  sha1Digest(): string {
    if (!this.sha1) throw new Error("This writer does not compute a SHA-1.");
    return this.sha1.digest("hex");
  }

  /** Hex digest of the hash (only when the writer made its own). */
  digest(): string {
    if (!this.ownHash) throw new Error("This writer did not make its own hash.");
    return this.ownHash.digest("hex");
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.filePath, this.options.start === undefined ? "wx" : "r+").then(
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
    if (this.options.syncOnFinish === false) {
      // Hand the open file to the flush in progress; the caller hears of its failure through onLateError.
      this.handle = undefined;
      const pending = this.flushing ?? Promise.resolve();
      void pending
        .then(() => {
          if (this.flushError) this.options.onLateError?.(this.flushError);
        })
        .finally(() => handle.close().catch(() => undefined));
      return callback();
    }
    (async () => {
      await this.flushing;
      if (this.flushError) throw this.flushError;
      await handle.datasync();
      this.handle = undefined;
      await handle.close();
    })().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return callback(error);
    // FileHandle.close waits for the write and fdatasync in flight.
    handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  private async writeAll(chunks: Buffer[]): Promise<void> {
    if (this.flushError) throw this.flushError;
    const handle = this.handle!;
    const n = chunks.reduce((sum, c) => sum + c.length, 0);
    const { bytesWritten } = await handle.writev(chunks, this.position);
    if (bytesWritten < n) await this.writeRest(handle, Buffer.concat(chunks).subarray(bytesWritten), this.position + bytesWritten);
    this.position += n;
    if (this.hash) for (const chunk of chunks) this.hash.update(chunk);
    if (this.sha1) for (const chunk of chunks) this.sha1.update(chunk);
    this.bytes += n;
    this.unflushed += n;
    if (this.unflushed >= FLUSH_EVERY && !this.flushing) {
      this.unflushed = 0;
      this.flushing = handle.datasync().then(
        () => {
          this.flushing = undefined;
        },
        (e: Error) => {
          this.flushing = undefined;
          this.flushError = e;
        },
      );
    }
    // Last, once the bytes are counted: a stream destroyed while waiting here still reports what it wrote and hashed.
    await this.hash?.ready?.();
  }

  private async writeRest(handle: FileHandle, rest: Buffer, position: number): Promise<void> {
    while (rest.length > 0) {
      const { bytesWritten } = await handle.write(rest, 0, rest.length, position);
      rest = rest.subarray(bytesWritten);
      position += bytesWritten;
    }
  }
}
