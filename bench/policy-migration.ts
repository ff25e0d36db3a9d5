/**
 * Policy migration of 10,000 small blobs from the local policy to an S3 policy (radosgw), in files per second, beside
 * `rclone copy` of the same files from a plain folder to the same bucket, measured in the same run. Haven does more
 * per file than rclone: it checks each blob's SHA-256 (small blobs in memory before the put) and reads every copy back
 * from the bucket to check it again, and switches the rows in a transaction; rclone checks the upload's MD5 (ETag) only.
 *
 *   npm run bench -- migrate        (bench/run.sh starts a throwaway radosgw unless HAVEN_TEST_S3_* point at one)
 *
 * BENCH_FILES (default 10000) and BENCH_MAX_FILE (bytes, default 8192) scale it. In-process: services, no HTTP.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { buildServices } from "@/lib/container";
import { loadConfig } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";
import { JobWorker } from "@/lib/jobs/worker";
import { createS3Policy } from "./s3-policy";

const FILES = Number(process.env.BENCH_FILES ?? 10_000);
const MAX_FILE = Number(process.env.BENCH_MAX_FILE ?? 8192);
const DIR = process.env.BENCH_DIR ?? "/tmp";
const S3 = {
  endpoint: process.env.HAVEN_TEST_S3_ENDPOINT ?? "",
  accessKeyId: process.env.HAVEN_TEST_S3_ACCESS_KEY ?? "",
  secretAccessKey: process.env.HAVEN_TEST_S3_SECRET_KEY ?? "",
  region: "us-east-1",
};
if (!S3.endpoint) throw new Error("HAVEN_TEST_S3_ENDPOINT is not set (bench/run.sh starts radosgw for this suite)");
const run = promisify(execFile);
const now = () => performance.now() / 1000;
const bucket = `bench-migrate-${randomBytes(4).toString("hex")}`;

const s3 = new S3Client({ endpoint: S3.endpoint, region: S3.region, forcePathStyle: true, credentials: S3 });
await s3.send(new CreateBucketCommand({ Bucket: bucket }));

async function countObjects(prefix: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    count += page.KeyCount ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  return count;
}

// Haven with its data dir and SQLite database under BENCH_DIR; the files are uploaded through the upload service.
const dataDir = path.join(DIR, "haven");
const plainDir = path.join(DIR, "plain");
await mkdir(plainDir, { recursive: true });
const config = loadConfig({ DATA_DIR: dataDir });
await mkdir(dataDir, { recursive: true });
await migrateDatabase(config.databaseUrl, { log: () => undefined });
const services = buildServices(config);
const user = await services.users.create(null, { username: "bench", password: "bench-password-1", quota: null });
const actor = { userId: user.id, role: user.role };
const rootId = (await services.spaces.personalSpace(user.id)).rootNodeId!;
const target = await createS3Policy(services, "bench-s3", { ...S3, bucket, prefix: "haven/", pathStyle: true });

console.log(`seeding ${FILES} files of 1..${MAX_FILE} bytes (Haven's local policy, and the same bytes in a plain folder for rclone)`);
let bytes = 0;
const t0 = now();
for (let i = 0; i < FILES; i++) {
  const data = randomBytes(1 + Math.floor(Math.random() * MAX_FILE));
  bytes += data.length;
  await services.uploads.putStream(actor, { parentId: rootId, name: `f${i}.bin`, body: Readable.from([data]), declaredSize: data.length });
  await writeFile(path.join(plainDir, `f${i}.bin`), data);
}
console.log(`  seeded ${(bytes / 1e6).toFixed(1)} MB in ${(now() - t0).toFixed(1)} s`);

// Haven: the policy.migrate job, run by a worker in this process as the CLI does.
const plan = await services.policyMigrations.plan(null, { user: "bench" }, target.name);
const worker = new JobWorker(services.uow, services.clock).register("policy.migrate", async ({ job, progress }) => {
  await services.policyMigrations.run(Number(job.payload.migrationId), progress);
});
const h0 = now();
const started = await services.policyMigrations.start(null, { user: "bench" }, target.name);
while ((await worker.runDue()) > 0);
const havenSeconds = now() - h0;
const status = await services.policyMigrations.status(null, started.id);
if (status.migration.status !== "done" || status.migration.copiedBlobs !== plan.blobs || status.remaining.blobs !== 0) {
  throw new Error(`the migration did not finish cleanly: ${JSON.stringify(status)}`);
}
const havenObjects = await countObjects("haven/");
const rate = (s: number) => `${(FILES / s).toFixed(0)} files/s`;
console.log(`  Haven: ${havenSeconds.toFixed(1)} s, ${rate(havenSeconds)}`);

// rclone: the same files from a plain folder into the same bucket, remote configured by environment.
// AWS_CA_BUNDLE (set on some machines for the SDKs) makes rclone's S3 backend fail to start; the endpoint is plain HTTP.
const { AWS_CA_BUNDLE: _unused, ...inherited } = process.env;
const rcloneEnv = {
  ...inherited,
  RCLONE_CONFIG_BENCH_TYPE: "s3",
  RCLONE_CONFIG_BENCH_PROVIDER: "Ceph",
  RCLONE_CONFIG_BENCH_ENDPOINT: S3.endpoint,
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: S3.accessKeyId,
  RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: S3.secretAccessKey,
  RCLONE_CONFIG_BENCH_REGION: S3.region,
  RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: "true",
};
const rclone = async (prefix: string, transfers: number) => {
  const r0 = now();
  await run("rclone", ["copy", plainDir, `bench:${bucket}/${prefix}`, "--transfers", String(transfers), "--checkers", String(transfers * 2), "--s3-no-check-bucket"], { env: rcloneEnv, maxBuffer: 1 << 24 });
  const seconds = now() - r0;
  const copied = await countObjects(`${prefix}/`);
  if (copied !== FILES) throw new Error(`rclone copied ${copied} of ${FILES} files`);
  return seconds;
};
const rcloneDefault = await rclone("rclone-default", 4);
const rcloneSame = await rclone("rclone-32", 32);

console.log(`\npolicy migration, ${FILES} files (${(bytes / 1e6).toFixed(1)} MB), local → S3 (radosgw at ${S3.endpoint})`);
console.log(`  Haven policy.migrate (32 at a time, copy + SHA-256 read-back + switch): ${havenSeconds.toFixed(1)} s  ${rate(havenSeconds)}  (${havenObjects} objects)`);
console.log(`  rclone copy --transfers 4 (its default):                                ${rcloneDefault.toFixed(1)} s  ${rate(rcloneDefault)}`);
console.log(`  rclone copy --transfers 32 (Haven's concurrency):                       ${rcloneSame.toFixed(1)} s  ${rate(rcloneSame)}`);
console.log(`  Haven ÷ rclone (32): ${(rcloneSame / havenSeconds).toFixed(2)}×`);
await services.uow.disconnect();
// The bucket goes: on a shared radosgw (a small memstore) every run's 30,000 objects would otherwise stay.
try {
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    if (!page.Contents?.length) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: page.Contents.map((o) => ({ Key: o.Key! })), Quiet: true } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
} catch (e) {
  console.error(`bench: removing bucket ${bucket} failed`, e);
}
s3.destroy();
