import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DataStore, ERRORS, Upload } from "@tus/server";
import type { StorageDriver } from "@/lib/storage/driver";
import type { ReceivedDigests } from "@/lib/storage/off-thread-hash";
import { S3Driver, s3ClientConfig } from "@/lib/storage/s3.driver";
import { s3Failure } from "@/lib/storage/s3-errors";
import { isDomainError } from "@/lib/domain/errors";
import { tusError } from "./tus-errors";
import type { DurableFileStore } from "./durable-file-store";
import { RunningHashes } from "./running-hashes";
import { S3UploadStore } from "./s3-upload-store";

/** Where an upload's bytes go: the upload row's policy driver and blob key (null: no such upload in progress). */
export type StagingLookup = (uploadId: string) => Promise<{ driver: StorageDriver; storageKey: string; size: number } | null>;

interface S3Target {
  store: S3UploadStore;
  driver: S3Driver;
  storageKey: string;
  size: number;
  /** the object key s3-store writes: the blob's own key, so completing the upload makes the blob in place */
  objectKey: string;
}

/**
 * One tus datastore for every storage policy: each upload goes where its policy keeps blobs, chosen per request
 * from the upload's row (created in onUploadCreate, before the store is asked to create anything).
 * - local policies: DurableFileStore (staging folder beside the blobs; finishing is a link).
 * - S3 policies: @tus/s3-store, one per driver (an edited policy gets a new driver and so a new store), writing
 *   the multipart upload under the blob's object key: parts land in the bucket as PATCHes arrive, and completing
 *   the upload is the blob. s3-store does not hash, so each PATCH body is hashed (SHA-256 and SHA-1, off the main thread) here on its way in (RunningHashes:
 *   exact while the upload continues on this instance; otherwise the finisher hashes the stored object).
 * An id with no upload row falls through to the local store (which knows nothing of it either: 404).
 */
export class PolicyDataStore extends DataStore {
  private readonly s3Stores = new WeakMap<S3Driver, S3UploadStore>();
  private readonly s3Hashes: RunningHashes;
  /** S3 uploads whose last PATCH completed here, until onUploadFinish has committed them (see cleanUpFinished) */
  private readonly finished = new Map<string, S3Target>();

  constructor(
    readonly local: DurableFileStore,
    private readonly lookup: StagingLookup,
    hashIdleMs: number,
    private readonly s3PartSize = 8 * 1024 * 1024,
  ) {
    super();
    this.extensions = local.extensions;
    // Both digests: an S3 object would cost a whole GET to read again for its SHA-1.
    this.s3Hashes = new RunningHashes(hashIdleMs, { sha1: true });
  }

  override async create(upload: Upload): Promise<Upload> {
    const target = await this.s3Target(upload.id);
    if (!target) return this.local.create(upload);
    const created = await this.s3(target, () => target.store.create(new Upload({ ...upload, id: target.objectKey })));
    upload.creation_date = created.creation_date;
    upload.storage = created.storage;
    return upload;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const target = await this.s3Target(id);
    if (!target) return this.local.write(readable, id, offset);
    const state = this.s3Hashes.at(id, offset);
    let received = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (!state) return callback(null, chunk);
        // Hashed on the hashing thread; a thread that falls behind holds the body back rather than piling up memory.
        state.hash.update(chunk);
        state.hash.ready().then(() => callback(null, chunk), callback);
      },
    });
    // A failing request body fails the tap, and with it s3-store's write.
    pipeline(readable, tap).catch(() => undefined);
    let end: number;
    try {
      // A body that broke (the client went away) is not the bucket's fault: its error passes unmapped.
      end = await this.s3(target, () => target.store.write(tap, target.objectKey, offset), () => readable.errored !== null);
    } catch (e) {
      // What reached the bucket of this PATCH is unknown here: the digest can no longer be trusted.
      this.s3Hashes.forget(id);
      tap.destroy();
      throw e;
    }
    if (state) {
      if (end === offset + received) {
        state.offset = end;
        state.touchedAt = Date.now();
      } else this.s3Hashes.forget(id);
    }
    if (end === target.size) this.finished.set(id, target);
    return end;
  }

  override async getUpload(id: string): Promise<Upload> {
    // Completed here and being (or just) committed: its row may be gone, and tus still asks once (POST's Upload-Expires).
    const finished = this.finished.get(id);
    if (finished) return new Upload({ id, size: finished.size, offset: finished.size, storage: { type: "s3", path: finished.objectKey, bucket: finished.driver.bucket } });
    const target = await this.s3Target(id);
    if (!target) return this.local.getUpload(id);
    const upload = await this.s3(target, () => target.store.getUpload(target.objectKey));
    return new Upload({ ...upload, id });
  }

  override async remove(id: string): Promise<void> {
    const target = await this.s3Target(id);
    if (!target) return this.local.remove(id);
    this.s3Hashes.forget(id);
    await this.s3(target, () => target.driver.discardStagedUpload(target.storageKey));
    await target.store.forget(target.objectKey);
  }

  override async declareUploadLength(): Promise<void> {
    throw ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION;
  }

  override deleteExpired(): Promise<number> {
    return this.local.deleteExpired();
  }

  override getExpiration(): number {
    return this.local.getExpiration();
  }

  /** The digests of the upload's first `size` bytes if this instance hashed them all while receiving; forgets them. */
  async takeDigest(id: string, size: number): Promise<ReceivedDigests | undefined> {
    return (await this.s3Hashes.take(id, size)) ?? (await this.local.takeDigest(id, size));
  }

  /** Whether an upload is staged in its store (S3) rather than in the local staging folder. */
  static isStagedInStore(upload: Upload): boolean {
    return upload.storage?.type === "s3";
  }

  /**
   * Once a completed S3 upload was committed or refused: removes s3-store's side objects (the `.info` record). The
   * object itself is the blob, or was deleted by the refusal. The upload still reads as complete until forgotten.
   */
  async cleanUpFinished(id: string): Promise<void> {
    const target = this.finished.get(id);
    if (target) await target.driver.discardStagedUpload(target.storageKey);
  }

  /** After tus's last look at a completed upload (its response is out). */
  forgetFinished(id: string): void {
    this.finished.delete(id);
  }

  private async s3Target(id: string): Promise<S3Target | null> {
    const staging = await this.lookup(id);
    if (!staging || !(staging.driver instanceof S3Driver)) return null;
    const driver = staging.driver;
    let store = this.s3Stores.get(driver);
    if (!store) {
      store = new S3UploadStore({ partSize: this.s3PartSize, s3ClientConfig: { ...s3ClientConfig(driver.config), bucket: driver.bucket } });
      this.s3Stores.set(driver, store);
    }
    return { store, driver, storageKey: staging.storageKey, size: staging.size, objectKey: driver.objectKey(staging.storageKey) };
  }

  /** Runs an s3-store call; S3 failures answer as the DomainErrors that say what is wrong with the bucket. */
  private async s3<T>(target: S3Target, call: () => Promise<T>, clientFailed = () => false): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (clientFailed()) throw e;
      const mapped = s3Failure(e, target.driver.config);
      if (mapped !== e || isDomainError(e)) {
        console.error(`tus: S3 request for ${target.objectKey} failed`, e);
        throw tusError(mapped);
      }
      throw e;
    }
  }
}
