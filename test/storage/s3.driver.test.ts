import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { SecretBox } from "@/lib/crypto/secret-box";
import type { PolicyRecord } from "@/lib/domain/types";
import { StorageRegistry, createStorageDriver } from "@/lib/storage/registry";
import { sealS3Config, STORAGE_SECRET_PURPOSE } from "@/lib/storage/s3-config";
import { S3Driver } from "@/lib/storage/s3.driver";
import { readAll } from "../helpers/factories";
import { freePort } from "../helpers/haven-server";
import { createTestBucket, s3ForTests, s3Suite, type TestBucket } from "../helpers/s3";
import { driverContract } from "./driver-contract";

const available = await s3ForTests("skipping the S3 driver tests");
const PART = 5 * 1024 * 1024;

describe.skipIf(!available)(s3Suite("S3 driver on the test S3 server", available), () => {
  let bucket: TestBucket;
  beforeAll(async () => {
    bucket = await createTestBucket("driver");
  });
  afterAll(async () => {
    await bucket?.cleanup();
  });

  // Each contract case gets its own prefix in the file's bucket; small parts so multipart paths run.
  let n = 0;
  driverContract("s3 (radosgw)", async () => ({
    driver: new S3Driver(bucket.config({ prefix: `contract-${++n}/` }), { partSize: PART, queueSize: 2 }),
    cleanup: async () => undefined,
  }));

  it("keeps blobs under the policy's prefix, and a failed multipart put leaves no open multipart upload", async () => {
    const d = new S3Driver(bucket.config({ prefix: "tenant-a/blobs/" }), { partSize: PART });
    const key = d.newKey();
    await d.put(key, Readable.from([randomBytes(1000)]));
    expect(await bucket.keys()).toContain(`tenant-a/blobs/${key}`);
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 3 * PART) return void this.destroy(new Error("gone"));
        sent += 1024 * 1024;
        this.push(randomBytes(1024 * 1024));
      },
    });
    await expect(d.put(d.newKey(), failing)).rejects.toThrow(/gone/);
    expect(await bucket.openMultipartUploads()).toEqual([]);
  });

  it("copies large blobs part by part on the server", async () => {
    const d = new S3Driver(bucket.config({ prefix: "copy/" }), { partSize: PART, singleCopyMaxBytes: PART, copyPartSize: PART });
    const data = randomBytes(2 * PART + 12345);
    const a = d.newKey();
    const b = d.newKey();
    await d.put(a, Readable.from([data]));
    await d.copy(a, b);
    expect((await readAll(await d.get(b))).equals(data)).toBe(true);
    expect(await bucket.openMultipartUploads()).toEqual([]);
  });

  it("trusts the server's Content-MD5 check only where the server refuses a wrong Content-MD5 (radosgw does)", async () => {
    const d = new S3Driver(bucket.config({ prefix: "md5/" }));
    const probe = await d.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: "md5/probe-by-hand", Body: "abc", ContentMD5: createHash("md5").update("abd").digest("base64") })).then(() => "accepted", (e: { name?: string }) => e.name);
    expect(probe).toBe("BadDigest");
    const data = randomBytes(200_000);
    const key = d.newKey();
    expect(await d.putChecked(key, data)).toEqual({ checkedByStore: true });
    expect(createHash("sha256").update(await readAll(await d.get(key))).digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
    // The probe leaves nothing behind: only the blob is under the prefix.
    expect((await bucket.keys()).filter((k) => k.startsWith("md5/") && k !== "md5/probe-by-hand")).toEqual([`md5/${key}`]);
  });

  it("discards what an unfinished resumable upload staged under a key", async () => {
    const d = new S3Driver(bucket.config({ prefix: "staged/" }));
    const key = d.newKey();
    const objectKey = d.objectKey(key);
    const { CreateMultipartUploadCommand, PutObjectCommand } = await import("@aws-sdk/client-s3");
    await bucket.client.send(new CreateMultipartUploadCommand({ Bucket: bucket.bucket, Key: objectKey }));
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: `${objectKey}.info`, Body: "{}" }));
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: `${objectKey}.part`, Body: "tail" }));
    const other = d.newKey();
    await d.put(other, Readable.from([Buffer.from("kept")]));
    await d.discardStagedUpload(key);
    expect(await bucket.openMultipartUploads()).toEqual([]);
    const left = await bucket.keys();
    expect(left.filter((k) => k.startsWith(objectKey))).toEqual([]);
    expect(left).toContain(d.objectKey(other));
    await expect(d.discardStagedUpload(key)).resolves.toBeUndefined();
  });

  it("says plainly when the credentials are wrong, and stores nothing", async () => {
    const d = new S3Driver(bucket.config({ secretAccessKey: "not-the-secret", prefix: "badcreds/" }));
    await expect(d.healthCheck()).rejects.toMatchObject({ name: "DomainError", code: "STORAGE_ERROR", details: { reason: "credentials" } });
    await expect(d.put(d.newKey(), Readable.from([Buffer.from("x")]))).rejects.toMatchObject({ code: "STORAGE_ERROR", details: { reason: "credentials" } });
    const wrongKey = new S3Driver(bucket.config({ accessKeyId: "nobody" }));
    await expect(wrongKey.stat(wrongKey.newKey())).rejects.toMatchObject({ code: "STORAGE_ERROR", details: { reason: "credentials" }, message: expect.stringMatching(/refused the access key/) });
    expect((await bucket.keys()).filter((k) => k.startsWith("badcreds/"))).toEqual([]);
  });

  it("says plainly when the bucket does not exist", async () => {
    const d = new S3Driver(bucket.config({ bucket: `${bucket.bucket}-missing` }));
    await expect(d.healthCheck()).rejects.toMatchObject({ code: "STORAGE_ERROR", details: { reason: "bucket" }, message: expect.stringMatching(/does not exist/) });
    await expect(d.put(d.newKey(), Readable.from([Buffer.from("x")]))).rejects.toMatchObject({ code: "STORAGE_ERROR", details: { reason: "bucket" } });
  });

  it("says plainly when the endpoint does not answer, without waiting long", async () => {
    const port = await freePort();
    const d = new S3Driver(bucket.config({ endpoint: `http://127.0.0.1:${port}` }));
    const started = Date.now();
    await expect(d.healthCheck()).rejects.toMatchObject({ code: "STORAGE_ERROR", details: { reason: "unreachable" }, message: expect.stringMatching(/does not answer/) });
    await expect(d.put(d.newKey(), Readable.from([Buffer.from("x")]))).rejects.toMatchObject({ details: { reason: "unreachable" } });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  // A bucket quota needs the server's admin tool: only on the radosgw that scripts/radosgw.sh started.
  it.runIf(process.env.RADOSGW_DIR)("says plainly when the bucket is full, and keeps nothing of the refused blob", async () => {
    const full = await createTestBucket("full");
    try {
      const admin = (...args: string[]) => execFileSync("radosgw-admin", ["-c", `${process.env.RADOSGW_DIR}/ceph.conf`, "-n", "client.rgw.a", ...args, "--quota-scope=bucket", `--bucket=${full.bucket}`], { stdio: "ignore" });
      admin("quota", "set", "--max-size=1048576");
      admin("quota", "enable");
      const d = new S3Driver(full.config(), { partSize: PART });
      for (const size of [2 * 1024 * 1024, 3 * PART]) {
        await expect(d.put(d.newKey(), Readable.from([randomBytes(size)]))).rejects.toMatchObject({ code: "QUOTA_EXCEEDED", details: { reason: "full" }, message: expect.stringMatching(/is full/) });
      }
      expect(await full.keys()).toEqual([]);
      expect(await full.openMultipartUploads()).toEqual([]);
    } finally {
      await full.cleanup();
    }
  });

  it("addresses the bucket path-style or virtual-host as the policy says", async () => {
    const pathStyle = new URL(await new S3Driver(bucket.config()).presignGet("0".repeat(32), { expiresInSeconds: 60 }));
    expect(pathStyle.pathname).toBe(`/${bucket.bucket}/${"0".repeat(32)}`);
    const vhost = new URL(await new S3Driver(bucket.config({ pathStyle: false, endpoint: "https://s3.example.com" })).presignGet("0".repeat(32), { expiresInSeconds: 60 }));
    expect(vhost.host).toBe(`${bucket.bucket}.s3.example.com`);
    expect(vhost.pathname).toBe(`/${"0".repeat(32)}`);
  });

  it("the registry opens sealed settings and builds a new driver as soon as a policy's settings change", async () => {
    const box = new SecretBox(() => "test key material", STORAGE_SECRET_PURPOSE);
    const registry = new StorageRegistry("/nonexistent", box);
    const policy = (config: Record<string, unknown>): PolicyRecord => ({ id: 7, name: "s3", kind: "s3", config, maxFileSize: null, allowedExtensions: null, isDefault: false });
    const v1 = policy(sealS3Config(bucket.config({ prefix: "v1/" }), box));
    const d1 = registry.driverFor(v1);
    expect(registry.driverFor({ ...v1 })).toBe(d1);
    const key = d1.newKey();
    await d1.put(key, Readable.from([Buffer.from("one")]));
    const d2 = registry.driverFor(policy(sealS3Config(bucket.config({ prefix: "v2/" }), box)));
    expect(d2).not.toBe(d1);
    expect(await d2.stat(key)).toBeNull();
    expect(await d1.stat(key)).toEqual({ size: 3 });
    // The secret is sealed at rest; a config sealed with another key does not open.
    expect(JSON.stringify(v1.config)).not.toContain(bucket.config().secretAccessKey);
    const foreign = policy(sealS3Config(bucket.config({ prefix: "v3/" }), new SecretBox(() => "another key", STORAGE_SECRET_PURPOSE)));
    expect(() => registry.driverFor(foreign)).toThrow();
    // Unsaved settings ("test connection").
    await expect(createStorageDriver("s3", bucket.config()).healthCheck()).resolves.toBeUndefined();
  });
});

