import { randomBytes } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Services } from "@/lib/container";
import type { PolicyRecord } from "@/lib/domain/types";
import { sealS3Config, type S3DriverConfig } from "@/lib/storage/s3-config";

/**
 * The S3 server the tests use: scripts/test.sh starts a throwaway radosgw (scripts/radosgw.sh) and exports these;
 * a developer may point them at any S3-compatible server with path-style addressing.
 */
export const S3_TEST = {
  // Read at each use: the benchmark starts its server after this module is loaded.
  get endpoint() {
    return process.env.HAVEN_TEST_S3_ENDPOINT ?? "";
  },
  get accessKeyId() {
    return process.env.HAVEN_TEST_S3_ACCESS_KEY ?? "";
  },
  get secretAccessKey() {
    return process.env.HAVEN_TEST_S3_SECRET_KEY ?? "";
  },
  region: "us-east-1",
};

export function testS3Client(overrides: Partial<typeof S3_TEST> = {}): S3Client {
  const s = { ...S3_TEST, ...overrides };
  return new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    maxAttempts: 1,
  });
}

/** Whether the test S3 server answers (with these credentials) within 5 s. scripts/test-services.sh asks the same. */
export async function s3Reachable(): Promise<boolean> {
  if (!S3_TEST.endpoint) return false;
  const client = testS3Client();
  try {
    await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/**
 * Whether tests may use S3. With HAVEN_REQUIRE_S3=1 (npm test sets it once radosgw runs) an unreachable server
 * throws; otherwise it is reported as `skipping` and the S3 cases are skipped.
 */
export async function s3ForTests(skipping: string): Promise<boolean> {
  if (await s3Reachable()) return true;
  const where = S3_TEST.endpoint || "(HAVEN_TEST_S3_ENDPOINT not set)";
  if (process.env.HAVEN_REQUIRE_S3 === "1") throw new Error(`S3 is required but not reachable at ${where}`);
  console.warn(`S3 not reachable at ${where}: ${skipping}. Start one with: eval "$(bash scripts/radosgw.sh start)"`);
  return false;
}

/**
 * The title of a suite of S3 cases, saying why it was skipped when S3 is not available. Use it with
 * describe.skipIf(!available) over every provider: an empty describe.each would make vitest fail the file with
 * "No test suite found" instead of reporting the skip.
 */
export function s3Suite(title: string, available: boolean): string {
  if (available) return title;
  return `${title} [skipped: no S3 server at ${S3_TEST.endpoint || "(HAVEN_TEST_S3_ENDPOINT not set)"}; eval "$(bash scripts/radosgw.sh start)" starts one]`;
}

export interface TestBucket {
  bucket: string;
  client: S3Client;
  /** Driver settings for this bucket (path-style, the test credentials). */
  config(overrides?: Partial<S3DriverConfig>): S3DriverConfig;
  /** Keys of every object in the bucket. */
  keys(): Promise<string[]>;
  /** Multipart uploads begun and neither completed nor aborted. */
  openMultipartUploads(): Promise<{ key: string; uploadId: string }[]>;
  /** Empties and removes the bucket (objects and open multipart uploads). */
  cleanup(): Promise<void>;
}

/** A fresh bucket with a unique name (one per test file or test). */
export async function createTestBucket(label = "test"): Promise<TestBucket> {
  const client = testS3Client();
  const bucket = `haven-${label.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 30)}-${randomBytes(4).toString("hex")}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const keys = async () => {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      out.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    return out;
  };
  const openMultipartUploads = async () => {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    return (page.Uploads ?? []).map((u) => ({ key: u.Key!, uploadId: u.UploadId! }));
  };
  return {
    bucket,
    client,
    config: (overrides = {}) => ({
      endpoint: S3_TEST.endpoint,
      bucket,
      region: S3_TEST.region,
      prefix: "",
      pathStyle: true,
      accessKeyId: S3_TEST.accessKeyId,
      secretAccessKey: S3_TEST.secretAccessKey,
      redirectDownloads: false,
      ...overrides,
    }),
    keys,
    openMultipartUploads,
    cleanup: async () => {
      try {
        for (const u of await openMultipartUploads()) {
          await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.key, UploadId: u.uploadId }));
        }
        for (let batch = await keys(); batch.length > 0; batch = await keys()) {
          await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.slice(0, 1000).map((Key) => ({ Key })) } }));
        }
        await client.send(new DeleteBucketCommand({ Bucket: bucket }));
      } finally {
        client.destroy();
      }
    },
  };
}

/**
 * Makes an S3 policy on `bucket` (settings sealed as the policy service stores them) and gives it to a space: what
 * Admin → Storage policies → assign does, straight through the repositories.
 */
export async function useS3Policy(services: Services, spaceId: number, bucket: TestBucket, overrides: Partial<S3DriverConfig> = {}): Promise<PolicyRecord> {
  const policy = await services.uow.repos.spaces.createPolicy({
    name: `s3-${randomBytes(4).toString("hex")}`,
    kind: "s3",
    config: sealS3Config(bucket.config(overrides), services.storageSecrets),
    isDefault: false,
  });
  await services.uow.repos.spaces.updateTeam(spaceId, { policyId: policy.id });
  return policy;
}
