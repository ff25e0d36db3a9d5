import type { Readable } from "node:stream";
import type { Part } from "@aws-sdk/client-s3";
import { S3Store } from "@tus/s3-store";
import type { Upload } from "@tus/server";
import { PartBuffers } from "./part-buffers";

/** Parts of one PATCH held in memory at once (being filled, or uploading): bounds memory at about this × part size. */
const PARTS_IN_MEMORY = 4;

type Metadata = Parameters<S3Store["uploadParts"]>[0];

/** What getUpload read of an upload in the bucket: its parts and the size of its incomplete part (none: undefined). */
interface Look {
  parts?: Part[];
  incompleteSize?: number;
  /** whether incompleteSize was read (it is undefined also when there is no incomplete part) */
  sized?: boolean;
}
/** Looks kept at most (HEAD requests leave one each); past this they are all dropped, which costs only requests. */
const MAX_LOOKS = 10_000;

/**
 * @tus/s3-store with these changes:
 * - parts are cut in memory and sent from there: s3-store's own splitter writes every part to a temp file in
 *   os.tmpdir() and reads it back, a second pass over every byte through the disk (and /tmp must hold it); the part
 *   buffers are reused (PartBuffers: fresh ones cost more in page faults than the copy into them);
 * - a PATCH's write reuses what its getUpload just read (the part list, the incomplete part's size) instead of
 *   asking the bucket again: @tus/server calls both under the upload's lock, so nothing else wrote in between. That
 *   saves a ListParts and a GET per PATCH; the part list read to complete the upload is always fresh;
 * - `forget` drops its cached record of an upload that was removed.
 * Semantics are s3-store's: full parts (and the final one) become multipart parts, a short tail becomes the
 * "incomplete part" object the next PATCH prepends, a broken body keeps the parts completed before it and throws.
 */
export class S3UploadStore extends S3Store {
  private readonly buffers = new PartBuffers();

  /** getUpload's reads in progress, by object key */
  private readonly reading = new Map<string, Look>();
  /** the last complete getUpload read of each upload, for the write that follows it */
  private readonly looks = new Map<string, Look>();
  /** the look a write in progress uses (its part list only once: completing reads the parts afresh) */
  private readonly writing = new Map<string, Look>();

  forget(objectKey: string): Promise<void> {
    this.looks.delete(objectKey);
    return this.clearCache(objectKey);
  }

  override async getUpload(id: string): Promise<Upload> {
    this.looks.delete(id);
    const look: Look = {};
    this.reading.set(id, look);
    try {
      const upload = await super.getUpload(id);
      if (look.parts && look.sized) {
        if (this.looks.size >= MAX_LOOKS) this.looks.clear();
        this.looks.set(id, look);
      }
      return upload;
    } finally {
      if (this.reading.get(id) === look) this.reading.delete(id);
    }
  }

  override async write(src: Readable, id: string, offset: number): Promise<number> {
    const look = this.looks.get(id);
    this.looks.delete(id);
    if (look) this.writing.set(id, { ...look });
    try {
      return await super.write(src, id, offset);
    } finally {
      this.writing.delete(id);
    }
  }

  protected override async retrieveParts(id: string, partNumberMarker?: string): Promise<Part[]> {
    const look = this.writing.get(id);
    if (partNumberMarker === undefined && look?.parts) {
      const parts = look.parts;
      look.parts = undefined;
      return parts;
    }
    const parts = await super.retrieveParts(id, partNumberMarker);
    const reading = this.reading.get(id);
    if (partNumberMarker === undefined && reading) reading.parts = parts;
    return parts;
  }

  protected override async getIncompletePartSize(id: string): Promise<number | undefined> {
    const size = await super.getIncompletePartSize(id);
    const reading = this.reading.get(id);
    if (reading) {
      reading.incompleteSize = size;
      reading.sized = true;
    }
    return size;
  }

  protected override async downloadIncompletePart(id: string): ReturnType<S3Store["downloadIncompletePart"]> {
    // getUpload saw no incomplete part: there is none to prepend (the lock kept anyone from adding one).
    const look = this.writing.get(id);
    if (look?.sized && look.incompleteSize === undefined) return undefined;
    return super.downloadIncompletePart(id);
  }

  protected override async uploadParts(metadata: Metadata, readStream: Readable, currentPartNumber: number, offset: number): Promise<number> {
    const size = metadata.file.size;
    const partSize = this.calcOptimalPartSize(size);
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let bytesUploaded = 0;
    let nextOffset = offset;

    // `buffer` is a pooled part buffer; `part` the filled view of it (shorter only for a body's tail).
    const send = async (buffer: Buffer, part: Buffer) => {
      const partNumber = currentPartNumber++;
      nextOffset += part.length;
      const isFinalPart = size === nextOffset;
      const permit = await this.partUploadSemaphore.acquire();
      const upload = (async () => {
        try {
          if (part.length >= this.minPartSize || isFinalPart) await this.uploadPart(metadata, part, partNumber);
          else await this.client.putObject({ Bucket: this.bucket, Key: this.partKey(metadata.file.id, true), Body: part, Tagging: this.useCompleteTag("false") });
          bytesUploaded += part.length;
          // Only after success: a failed request might still be reading it.
          this.buffers.give(buffer);
        } finally {
          await permit.release().catch(() => undefined);
        }
      })();
      const tracked: Promise<void> = upload.catch((e: unknown) => void (failure ??= e)).finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      // Backpressure: the body is not read further while this many parts are on their way.
      while (inFlight.size >= PARTS_IN_MEMORY) await Promise.race(inFlight);
    };

    // Chunks are copied straight into the part being filled (no list of chunks, no concatenation).
    let filling: Buffer | undefined;
    let filled = 0;
    try {
      for await (const chunk of readStream as AsyncIterable<Buffer>) {
        for (let at = 0; at < chunk.length && failure === undefined; ) {
          filling ??= this.buffers.take(partSize);
          const n = chunk.copy(filling, filled, at);
          filled += n;
          at += n;
          if (filled === partSize) {
            const full = filling;
            filling = undefined;
            filled = 0;
            await send(full, full);
          }
        }
        if (failure !== undefined) break;
      }
      // The body ended: its tail is the final part, or the incomplete part the next PATCH continues from.
      if (failure === undefined && filling && filled > 0) await send(filling, filling.subarray(0, filled));
    } catch (e) {
      // A broken body: what was cut into parts before stays uploaded, the partial part is dropped (as s3-store does).
      failure ??= e;
    } finally {
      await Promise.allSettled([...inFlight]);
    }
    if (failure !== undefined) throw failure;
    return bytesUploaded;
  }
}
