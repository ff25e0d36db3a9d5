import type { Readable, Writable } from "node:stream";

/** What a driver can do beyond the basics; callers branch on these instead of catching. */
export interface DriverCapabilities {
  rangeRead: boolean;
  presignedGet: boolean;
  presignedPut: boolean;
  serverSideCopy: boolean;
  /** blobs are files on this machine (tus can land uploads in place; sendfile-like paths) */
  localPath: boolean;
  /** resumable uploads are staged in the store under their blob key (S3 multipart uploads, tus s3-store) */
  stagedUploads: boolean;
}

export interface PutResult {
  size: number;
  sha256: string;
  /** SHA-1 too (Nextcloud clients and rclone check it); absent when left to the blob's blobs.sha1 job (streamed local bodies) */
  sha1?: string;
  /**
   * Only with put's `deferDurability`, and only where the driver deferred it: resolves once the bytes and their name
   * are durable, rejects if they cannot be made so (the bytes are then gone). Until it resolves no row may name the
   * key, and before deleting the key the caller lets it settle.
   */
  durable?: Promise<void>;
}

/** One stored blob, as `list` reports it. */
export interface ListedBlob {
  key: string;
  size: number;
  modifiedAt: Date;
}

export interface ByteRange {
  /** inclusive */
  start: number;
  /** inclusive */
  end: number;
}

/**
 * Bytes by key. Keys are opaque, chosen by the caller with `newKey()`.
 * Every method either does its job or throws; a method the driver cannot do throws
 * `UnsupportedOperationError` (never a silent no-op). A missing key throws `BlobNotFoundError`.
 * Writes are atomic for whoever reads by a key a row names: rows name a new key only once its write has resolved,
 * and a key that already holds a blob is replaced whole (a reader gets the old bytes or the new, never a mix).
 */
export interface StorageDriver {
  readonly kind: "local" | "s3";
  readonly capabilities: DriverCapabilities;
  /** A fresh unique key. */
  newKey(): string;
  /**
   * `count` fresh unique keys for one batch (putBuffers). The local driver gives them few shard folders (one per
   * KEYS_PER_SHARD), so a batch's names are made durable by a folder fsync or two instead of one per file.
   */
  newKeys(count: number): string[];
  /**
   * Streams `body` into `key`, hashing on the way; durable (fsynced), its name included, before it resolves. With `maxBytes`, the first
   * byte beyond it stops the copy: `body` is not read further (nor destroyed: the caller owns it), nothing is stored
   * under `key`, and it throws `TooLargeError`. With `deferDurability` a driver may resolve once the bytes are written
   * and hand the wait for durability back as the result's `durable` (the caller overlaps its commit's statements with
   * the fsync, and commits only after it).
   */
  put(key: string, body: Readable, opts?: { maxBytes?: number; deferDurability?: boolean }): Promise<PutResult>;
  /**
   * Stores a small blob held in memory (durable before it resolves), and says whether the store itself checked that it
   * received exactly these bytes (S3 Content-MD5, on servers shown to enforce it): then reading the copy back to verify
   * it proves nothing more. False: the caller reads the copy back if it must know.
   */
  putChecked(key: string, bytes: Buffer): Promise<{ checkedByStore: boolean }>;
  /**
   * Stores small blobs held in memory, several at a time (a batch upload): each settles on its own, in order, as its
   * PutResult (with SHA-1) or why it was not stored; nothing is left under a key that failed. Every stored one is durable
   * before this resolves, its name included (the local driver fsyncs each folder the batch renamed into once, after all
   * its writes, instead of once per file).
   */
  putBuffers(items: { key: string; bytes: Buffer }[]): Promise<PromiseSettledResult<PutResult>[]>;
  /** Streams the blob, or `range` of it. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /**
   * Writes the blob, or `range` of it, into `dest` and ends it; resolves once `dest` has finished.
   * The blob is opened before the first byte is written (a missing key throws before anything is sent).
   * For serving downloads: a driver may do this faster than piping `get` (the local one reuses its buffers).
   */
  writeTo(key: string, dest: Writable, range?: ByteRange): Promise<void>;
  /** Size of the blob, or null when absent. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Removes the blob; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Copies within the driver (server-side where the capability says so); durable, its name included, when it resolves. */
  copy(fromKey: string, toKey: string): Promise<void>;
  /** The file path of a blob (capability localPath). */
  localPath(key: string): string;
  /**
   * Makes a finished file on this machine durable (fdatasync; quick when it was flushed while receiving) and returns
   * its size and digests: those the caller computed while receiving (a `sha256` alone: no `sha1` either, the blob gets
   * it from its blobs.sha1 job), else the file is read once to hash it (both).
   * For files handed over by an upload adapter (capability localPath).
   */
  syncLocalFile(filePath: string, opts?: { sha256?: string; sha1?: string }): Promise<PutResult>;
  /**
   * Takes a finished file on this machine as the blob `key` without copying it (a hard link on the same
   * disk; capability localPath); the new name is durable when it resolves. The original path stays valid until the
   * caller removes it.
   */
  adoptLocalFile(filePath: string, key: string): Promise<void>;
  /**
   * Stores a finished file on this machine as the blob `key` and returns its size and digests (`known` ones, computed
   * while receiving, are trusted as in syncLocalFile). Where blobs are local files (capability localPath) this is
   * syncLocalFile + adoptLocalFile: no byte is copied. Elsewhere the file is streamed into the store (S3: one multipart
   * upload through lib-storage, aborted on failure, so no object and no open upload remain). The file stays valid
   * until the caller removes it.
   */
  storeLocalFile(filePath: string, key: string, known?: { sha256?: string; sha1?: string }): Promise<PutResult>;
  /** Removes a file on this machine handed over by an upload adapter; an absent file is not an error. */
  removeLocalFile(filePath: string): Promise<void>;
  /**
   * Removes what an unfinished resumable upload staged under `key` (capability stagedUploads: S3 multipart uploads
   * and their side objects). Nothing staged is not an error.
   */
  discardStagedUpload(key: string): Promise<void>;
  /** A presigned GET URL (capability presignedGet), answering with the given Content-Disposition and type. */
  presignGet(key: string, opts: PresignGetOptions): Promise<string>;
  /**
   * Every blob whose key starts with `prefix` ("" for all), in no particular order: blobs only, never the driver's
   * temp or staging files. For the consistency check, which compares them with the Blob rows.
   */
  list(prefix?: string): AsyncIterable<ListedBlob>;
  /** Throws when the backing store does not answer. */
  healthCheck(): Promise<void>;
}

export interface PresignGetOptions {
  expiresInSeconds: number;
  /** the whole Content-Disposition the URL answers with (RFC 6266) */
  contentDisposition?: string;
  /** without contentDisposition: an attachment under this name */
  fileName?: string;
  /** the Content-Type the URL answers with (default: the object's) */
  contentType?: string;
}

export class UnsupportedOperationError extends Error {
  constructor(driver: string, operation: string) {
    super(`The ${driver} storage driver cannot ${operation}.`);
    this.name = "UnsupportedOperationError";
  }
}

/** `put` received more than its `maxBytes`. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The stream is longer than ${maxBytes} bytes.`);
    this.name = "TooLargeError";
  }
}

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`No blob at key ${key}.`);
    this.name = "BlobNotFoundError";
  }
}
