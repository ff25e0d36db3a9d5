import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@tus/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3ClientConfig } from "@/lib/storage/s3.driver";
import { S3UploadStore } from "@/server/tus/s3-upload-store";
import { createTestBucket, s3ForTests, s3Suite, type TestBucket } from "../helpers/s3";

const MiB = 1024 * 1024;
const S3 = await s3ForTests("skipping the tus S3 store's request counts");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The store with a record of the S3 commands it sends, in order. */
class CountingStore extends S3UploadStore {
  readonly commands: string[] = [];

  constructor(bucket: TestBucket) {
    super({ partSize: 5 * MiB, s3ClientConfig: { ...s3ClientConfig(bucket.config()), bucket: bucket.bucket } });
    this.client.middlewareStack.add(
      (next, context) => (args) => {
        this.commands.push(context.commandName ?? "?");
        return next(args);
      },
      { step: "initialize" },
    );
  }

  /** The commands sent while `run` ran. */
  async during(run: () => Promise<unknown>): Promise<string[]> {
    const from = this.commands.length;
    await run();
    return this.commands.slice(from);
  }
}

describe.skipIf(!S3)(s3Suite("tus S3 store: requests per PATCH", S3), () => {
  let bucket: TestBucket;
  beforeAll(async () => {
    bucket = await createTestBucket("tus-requests");
  });
  afterAll(async () => {
    await bucket?.cleanup();
  });

  it("a PATCH's write reuses what its getUpload read: no second ListParts, no GET of an incomplete part that is not there", async () => {
    const store = new CountingStore(bucket);
    const data = randomBytes(12 * MiB + 3);
    const id = `requests-${randomBytes(4).toString("hex")}`;
    await store.create(new Upload({ id, size: data.length, offset: 0 }));
    expect(await store.write(Readable.from([data.subarray(0, 5 * MiB)]), id, 0)).toBe(5 * MiB);

    // A PATCH: getUpload (under the lock) then write from its offset.
    const look = await store.during(() => store.getUpload(id));
    expect(look).toEqual(["ListPartsCommand", "HeadObjectCommand"]);
    const written = await store.during(() => store.write(Readable.from([data.subarray(5 * MiB, 10 * MiB)]), id, 5 * MiB));
    expect(written).toEqual(["UploadPartCommand"]);

    // A tail left as an incomplete part is still found and prepended by the next PATCH.
    expect(await store.write(Readable.from([data.subarray(10 * MiB, 11 * MiB)]), id, 10 * MiB)).toBe(11 * MiB);
    expect((await store.getUpload(id)).offset).toBe(11 * MiB);
    const last = await store.during(() => store.write(Readable.from([data.subarray(11 * MiB)]), id, 11 * MiB));
    // Its bytes are fetched and the side object deleted before the part goes up; the parts are listed afresh to complete.
    expect(last.slice(0, 3)).toEqual(["GetObjectCommand", "DeleteObjectCommand", "UploadPartCommand"]);
    expect(last.slice(3, 5)).toEqual(["ListPartsCommand", "CompleteMultipartUploadCommand"]);

    const stored = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: id }));
    expect(sha(Buffer.from(await stored.Body!.transformToByteArray()))).toBe(sha(data));
  });

  it("a write without a getUpload just before it (creation with upload) asks the bucket as before", async () => {
    const store = new CountingStore(bucket);
    const data = randomBytes(6 * MiB);
    const id = `requests-${randomBytes(4).toString("hex")}`;
    await store.create(new Upload({ id, size: data.length, offset: 0 }));
    const written = await store.during(() => store.write(Readable.from([data]), id, 0));
    const firstPart = written.indexOf("UploadPartCommand");
    expect(written.slice(0, firstPart)).toContain("ListPartsCommand");
    expect(written.slice(0, firstPart).filter((c) => c === "GetObjectCommand").length).toBeGreaterThanOrEqual(1);
    const stored = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: id }));
    expect(sha(Buffer.from(await stored.Body!.transformToByteArray()))).toBe(sha(data));
  });
});
