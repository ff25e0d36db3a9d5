import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import contentDisposition from "content-disposition";
import { DomainError } from "@/lib/domain/errors";
import { upTo } from "./bounded-source";
import { eachAtMost } from "./each-at-most";
import {
  BlobNotFoundError,
  TooLargeError,
  UnsupportedOperationError,
  type ByteRange,
  type DriverCapabilities,
  type ListedBlob,
  type PresignGetOptions,
  type PutResult,
  type StorageDriver,
} from "./driver";
import type { S3DriverConfig } from "./s3-config";
import { isS3NotFound, s3Failure } from "./s3-errors";

const KEY_PATTERN = /^[0-9a-f]{32}$/;

export interface S3DriverTuning {
  /** bytes per multipart part for `put` (default 8 MiB; S3's minimum is 5 MiB) */
  partSize?: number;
  /** parts uploaded at once by one `put` (default 4); memory per put is about partSize × (queueSize + 1) */
  queueSize?: number;
  /** how long to wait for a TCP connection before calling the endpoint unreachable (default 5 s) */
  connectTimeoutMs?: number;
  /** blobs above this are copied part by part on the server (default and most: CopyObject's 5 GiB limit) */
  singleCopyMaxBytes?: number;
  /** bytes per part of a multipart server-side copy (default 512 MiB) */
  copyPartSize?: number;
}

/**
 * Blobs as objects in one bucket, under the policy's prefix: any S3-compatible endpoint (AWS, MinIO, Ceph radosgw,
 * R2, Backblaze), path-style or virtual-host addressing. Puts stream through lib-storage's multipart upload while
 * hashing; an object appears only when the whole stream arrived (a failed put aborts its multipart upload).
 * S3 failures become DomainErrors that say what to fix (s3-errors.ts).
 */
export class S3Driver implements StorageDriver {
  readonly kind = "s3" as const;
  readonly capabilities: DriverCapabilities = {
    rangeRead: true,
    presignedGet: true,
    presignedPut: false,
    serverSideCopy: true,
    localPath: false,
    stagedUploads: true,
  };
  readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly singleCopyMaxBytes: number;
  private readonly copyPartSize: number;
  /** whether this server refuses a PUT whose Content-MD5 does not match its body (probed once, see putChecked) */
  private md5Enforced: Promise<boolean> | undefined;

  constructor(
    readonly config: S3DriverConfig,
    tuning: S3DriverTuning = {},
  ) {
    this.partSize = tuning.partSize ?? 8 * 1024 * 1024;
    this.queueSize = tuning.queueSize ?? 4;
    this.singleCopyMaxBytes = Math.min(tuning.singleCopyMaxBytes ?? Infinity, 5 * 1024 ** 3);
    this.copyPartSize = tuning.copyPartSize ?? 512 * 1024 ** 2;
    this.client = new S3Client(s3ClientConfig(config, tuning.connectTimeoutMs ?? 5000));
  }

  get bucket(): string {
    return this.config.bucket;
  }

  newKey(): string {
    return randomUUID().replaceAll("-", "");
  }

  newKeys(count: number): string[] {
    return Array.from({ length: count }, () => this.newKey());
  }

  /** The object key of a blob: the policy's prefix and the blob key. */
  objectKey(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid blob key: ${key}`);
    return this.config.prefix + key;
  }

  localPath(): string {
    throw new UnsupportedOperationError(this.kind, "give a local file path");
  }

  async put(key: string, body: Readable, opts: { maxBytes?: number } = {}): Promise<PutResult> {
    const hash = createHash("sha256");
    const sha1 = createHash("sha1");
    let size = 0;
    let tooLarge: TooLargeError | undefined;
    const maxBytes = opts.maxBytes ?? Infinity;
    async function* hashed() {
      try {
        for await (const chunk of upTo(body, maxBytes)) {
          size += chunk.length;
          hash.update(chunk);
          sha1.update(chunk);
          yield chunk;
        }
      } catch (e) {
        if (e instanceof TooLargeError) tooLarge = e;
        throw e;
      }
    }
    const source = Readable.from(hashed(), { objectMode: false, highWaterMark: 1024 * 1024 });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: source },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      // Stops the generator (and so the reading of `body`) and any part still in flight.
      source.destroy();
      await upload.abort().catch(() => undefined);
      if (tooLarge) throw tooLarge;
      throw this.failure(e);
    }
    return { size, sha256: hash.digest("hex"), sha1: sha1.digest("hex") };
  }

  async putChecked(key: string, bytes: Buffer): Promise<{ checkedByStore: boolean }> {
    const checkedByStore = await (this.md5Enforced ??= this.probeMd5Enforcement().catch((e: unknown) => {
      this.md5Enforced = undefined; // an unreachable store: ask again next time
      throw e;
    }));
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes, ContentLength: bytes.length, ContentMD5: md5Base64(bytes) }));
    } catch (e) {
      throw this.failure(e);
    }
    return { checkedByStore };
  }

  /** One PutObject per blob (with Content-MD5), `queueSize` × 4 in flight: small objects cost round trips, not bandwidth. */
  async putBuffers(items: { key: string; bytes: Buffer }[]): Promise<PromiseSettledResult<PutResult>[]> {
    const results: PromiseSettledResult<PutResult>[] = new Array(items.length);
    await eachAtMost(items.length, this.queueSize * 4, async (i) => {
      const { key, bytes } = items[i]!;
      try {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes, ContentLength: bytes.length, ContentMD5: md5Base64(bytes) }));
        const value = { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), sha1: createHash("sha1").update(bytes).digest("hex") };
        results[i] = { status: "fulfilled", value };
      } catch (e) {
        results[i] = { status: "rejected", reason: this.failure(e) };
      }
    });
    return results;
  }

  /**
   * Puts a probe object with a Content-MD5 that does not match its body: a server that refuses it (BadDigest, as AWS,
   * Ceph and MinIO do) checks every PUT's body, so a PUT it accepted with the right Content-MD5 stored exactly those
   * bytes. A server that accepts it ignores the header (the probe is deleted) and callers must read copies back.
   */
  private async probeMd5Enforcement(): Promise<boolean> {
    const probeKey = this.newKey();
    const Key = this.objectKey(probeKey);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: "haven md5 probe", ContentMD5: md5Base64(Buffer.from("something else")) }));
    } catch (e) {
      const name = (e as { name?: string; Code?: string }).name ?? (e as { Code?: string }).Code;
      if (name === "BadDigest" || name === "InvalidDigest") return true;
      throw this.failure(e);
    }
    await this.delete(probeKey).catch(() => undefined);
    console.warn(`S3 bucket ${this.bucket}: the server ignores Content-MD5; copies are verified by reading them back`);
    return false;
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return out.Body as Readable;
    } catch (e) {
      if (isS3NotFound(e)) throw new BlobNotFoundError(key);
      throw this.failure(e);
    }
  }

  async writeTo(key: string, dest: Writable, range?: ByteRange): Promise<void> {
    const body = await this.get(key, range);
    await pipeline(body, dest);
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { size: head.ContentLength ?? 0 };
    } catch (e) {
      if (isS3NotFound(e)) return null;
      throw this.failure(e);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (e) {
      if (isS3NotFound(e)) return;
      throw this.failure(e);
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const source = await this.stat(fromKey);
    if (!source) throw new BlobNotFoundError(fromKey);
    const CopySource = `${this.bucket}/${encodeURIComponent(this.objectKey(fromKey))}`;
    const Key = this.objectKey(toKey);
    try {
      if (source.size <= this.singleCopyMaxBytes) {
        await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key, CopySource }));
        return;
      }
      await this.copyInParts(CopySource, Key, source.size);
    } catch (e) {
      if (isS3NotFound(e)) throw new BlobNotFoundError(fromKey);
      throw this.failure(e);
    }
  }

  syncLocalFile(): Promise<PutResult> {
    throw new UnsupportedOperationError(this.kind, "sync local files");
  }

  adoptLocalFile(): Promise<void> {
    throw new UnsupportedOperationError(this.kind, "adopt local files");
  }

  /**
   * Streams a local file (an assembled chunked upload) into `key` as one multipart upload (`put`: lib-storage, parts
   * in flight at once, aborted on failure). SHA-256 is computed on the way and checked against `known.sha256`: a
   * mismatch (the file changed on disk) removes the object and throws.
   */
  async storeLocalFile(filePath: string, key: string, known: { sha256?: string; sha1?: string } = {}): Promise<PutResult> {
    const sha1 = known.sha1 === undefined ? createHash("sha1") : null;
    const source = createReadStream(filePath, { highWaterMark: 1024 * 1024 });
    const body = sha1 ? Readable.from(tap(source, (chunk) => sha1.update(chunk)), { objectMode: false }) : source;
    let stored: PutResult;
    try {
      stored = await this.put(key, body);
    } finally {
      source.destroy();
    }
    if (known.sha256 !== undefined && stored.sha256 !== known.sha256) {
      await this.delete(key);
      throw new DomainError("STORAGE_ERROR", "The staged file changed while it was being stored; nothing was kept.");
    }
    return { ...stored, sha1: known.sha1 ?? sha1!.digest("hex") };
  }

  /** Local files handed over by an upload adapter are this machine's, whatever the store. */
  async removeLocalFile(filePath: string): Promise<void> {
    await rm(filePath, { force: true });
  }

  async presignGet(key: string, opts: PresignGetOptions): Promise<string> {
    const disposition = opts.contentDisposition ?? (opts.fileName !== undefined ? contentDisposition(opts.fileName) : undefined);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.objectKey(key),
      ResponseContentDisposition: disposition,
      ResponseContentType: opts.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: opts.expiresInSeconds });
  }

  async *list(prefix = ""): AsyncIterable<ListedBlob> {
    let ContinuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.config.prefix + prefix, ContinuationToken }));
      } catch (e) {
        throw this.failure(e);
      }
      for (const o of page.Contents ?? []) {
        const key = o.Key!.slice(this.config.prefix.length);
        // Only blobs: an unfinished upload's `.info` / `.part` side objects are not.
        if (KEY_PATTERN.test(key)) yield { key, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async healthCheck(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (e) {
      // HeadBucket answers a bare 404 (no error code) for a missing bucket.
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) throw s3Failure({ Code: "NoSuchBucket", $metadata: {} }, this.config);
      throw this.failure(e);
    }
  }

  /** Aborts `key`'s open multipart uploads and removes tus s3-store's `.info` / `.part` side objects. */
  async discardStagedUpload(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      for (;;) {
        const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: objectKey, KeyMarker, UploadIdMarker }));
        for (const u of page.Uploads ?? []) {
          if (u.Key !== objectKey) continue;
          await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: objectKey, UploadId: u.UploadId })).catch((e: unknown) => {
            if (!isS3NotFound(e)) throw e;
          });
        }
        if (!page.IsTruncated) break;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: [{ Key: `${objectKey}.info` }, { Key: `${objectKey}.part` }], Quiet: true } }));
    } catch (e) {
      throw this.failure(e);
    }
  }

  private async copyInParts(CopySource: string, Key: string, size: number): Promise<void> {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }));
    try {
      const parts = [];
      for (let start = 0, PartNumber = 1; start < size; start += this.copyPartSize, PartNumber++) {
        const end = Math.min(start + this.copyPartSize, size) - 1;
        const out = await this.client.send(new UploadPartCopyCommand({ Bucket: this.bucket, Key, UploadId, PartNumber, CopySource, CopySourceRange: `bytes=${start}-${end}` }));
        parts.push({ PartNumber, ETag: out.CopyPartResult?.ETag });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (e) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId })).catch(() => undefined);
      throw e;
    }
  }

  private failure(e: unknown): unknown {
    return s3Failure(e, this.config);
  }
}

/** The SDK client settings for a policy (also what tus's s3-store is built with, so both address the bucket alike). */
export function s3ClientConfig(config: S3DriverConfig, connectTimeoutMs = 5000): S3ClientConfig {
  return {
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.pathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Only the checksums S3 requires: many S3-compatible servers (radosgw 16, older MinIO) reject the SDK's default
    // CRC32 trailers on uploads.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: connectTimeoutMs },
    maxAttempts: 3,
  };
}

/** The chunks of `source`, each shown to `see` on the way. */
async function* tap(source: AsyncIterable<Buffer>, see: (chunk: Buffer) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    see(chunk);
    yield chunk;
  }
}

const md5Base64 = (bytes: Buffer) => createHash("md5").update(bytes).digest("base64");
