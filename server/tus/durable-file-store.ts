import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileStore } from "@tus/file-store";
import { ERRORS } from "@tus/server";
import { DurableFileWriter } from "@/lib/storage/durable-file-writer";
import type { ReceivedDigests } from "@/lib/storage/off-thread-hash";
import { RunningHashes } from "./running-hashes";

/** tus ids as @tus/server makes them; anything else never names a staging file. */
const UPLOAD_ID = /^[A-Za-z0-9_-]+$/;

/**
 * @tus/file-store with the byte path Haven needs: PATCH bodies are written with background fdatasync every
 * few MiB (the last PATCH ends only when the whole file is durable, so finishing has no big flush left), and
 * each upload's SHA-256 is computed while it arrives, on a hashing thread (OffThreadHash) so that hashing overlaps
 * receiving and writing. SHA-1 is not: it would double the hashing CPU on the cores that receive (the blob gets it
 * from its blobs.sha1 job, moments after the commit). The running hashes live in memory: `takeDigest` returns them only when
 * they cover the whole file; after a restart or an interrupted write they are gone or stale, and the caller
 * hashes the file itself.
 */
export class DurableFileStore extends FileStore {
  private readonly hashes: RunningHashes;
  private readonly lateErrors = new Map<string, Error>();

  constructor(options: ConstructorParameters<typeof FileStore>[0], hashIdleMs: number) {
    super(options);
    this.hashes = new RunningHashes(hashIdleMs, { sha1: false });
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    if (!UPLOAD_ID.test(id)) throw ERRORS.FILE_NOT_FOUND;
    const filePath = path.join(this.directory, id);
    const late = this.lateErrors.get(id);
    if (late) {
      // Bytes whose writeback failed may be lost: the upload cannot be completed safely.
      this.hashes.forget(id);
      console.error(`tus: an earlier flush of upload ${id} failed`, late);
      throw ERRORS.FILE_WRITE_ERROR;
    }
    const size = (await this.configstore.get(id))?.size;
    const state = this.hashes.at(id, offset);
    const writer = new DurableFileWriter(filePath, {
      start: offset,
      hash: state?.hash ?? null,
      syncOnFinish: false,
      onLateError: (e) => this.lateErrors.set(id, e),
    });
    try {
      await pipeline(readable, writer);
    } catch (error) {
      // The bytes of a broken PATCH stay (the client resumes from the file size). The hash covers exactly
      // what was written; hashes.at drops it if that differs from the next PATCH's offset.
      if (state) state.offset = offset + writer.size;
      console.error(`tus: writing upload ${id} failed`, error);
      throw ERRORS.FILE_WRITE_ERROR;
    }
    const end = offset + writer.size;
    if (state) {
      state.offset = end;
      state.touchedAt = Date.now();
    }
    if (end === size) {
      // Surfaces late write errors of the background flushes; the whole-file fdatasync before the answer is
      // UploadService.finishFromLocalFile's (onUploadFinish runs in this same request).
      try {
        await writer.flushed();
      } catch (error) {
        console.error(`tus: flushing upload ${id} failed`, error);
        throw ERRORS.FILE_WRITE_ERROR;
      }
    }
    return end;
  }

  /** The digests of the upload's first `size` bytes if they were computed while receiving; forgets them. */
  takeDigest(id: string, size: number): Promise<ReceivedDigests | undefined> {
    this.lateErrors.delete(id);
    return this.hashes.take(id, size);
  }

  override async remove(id: string): Promise<void> {
    this.hashes.forget(id);
    this.lateErrors.delete(id);
    await super.remove(id);
  }
}
