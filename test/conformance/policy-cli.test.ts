import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBucket, S3_TEST, s3ForTests, s3Suite } from "../helpers/s3";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const S3 = await s3ForTests("skipping policy:create --type s3");

type PolicyRow = {
  id: number;
  name: string;
  kind: string;
  isDefault: boolean;
  local: { path: string | null } | null;
  s3: { bucket: string; prefix: string; pathStyle: boolean; accessKeyId: string; secretSet: boolean; redirectDownloads: boolean } | null;
  usage: { spaces: number };
};

describe("storage policy CLI (npm run haven -- policy:…)", () => {
  let dataDir: string;
  const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } });
  const list = async () => JSON.parse((await cli("policy:list", "--json")).stdout) as PolicyRow[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "haven-policy-cli-"));
    await cli("user:create", "olga", "--password", "olga-password-1");
    await cli("team:create", "Design", "--owner", "olga");
  }, 120_000);
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it("lists the built-in policy named local, creates a local policy and assigns it to a user, a team and as the default", async () => {
    expect((await list()).map((p) => [p.name, p.kind, p.isDefault])).toEqual([["local", "local", true]]);
    const dir = path.join(dataDir, "archive");
    expect((await cli("policy:create", "archive", "--type", "local", "--path", dir)).stdout).toMatch(new RegExp(`created local policy "archive" \\(id \\d+\\) at ${dir}`));
    expect((await cli("policy:assign", "archive", "--user", "olga")).stdout).toMatch(/policy "archive" assigned to user olga/);
    expect((await cli("policy:assign", "archive", "--team", "Design")).stdout).toMatch(/policy "archive" assigned to team "Design"/);
    let policies = await list();
    expect(policies.map((p) => [p.name, p.usage.spaces])).toEqual([["local", 0], ["archive", 2]]);
    expect(policies[1]!.local).toEqual({ path: dir });
    expect((await cli("policy:assign", "archive", "--default")).stdout).toMatch(/policy "archive" assigned to new spaces \(default\)/);
    await cli("user:create", "ed", "--password", "ed-password-12");
    policies = await list();
    expect(policies.map((p) => [p.name, p.isDefault, p.usage.spaces])).toEqual([["local", false, 0], ["archive", true, 3]]);
    expect((await cli("policy:list")).stdout).toMatch(/archive\s+local\s+default\s+0 B in 0 blobs, 3 spaces/);
  });

  it("refuses bad input with the reason and saves nothing", async () => {
    const refused = (args: string[], reason: RegExp) => expect(cli(...args)).rejects.toMatchObject({ stderr: expect.stringMatching(reason) });
    await refused(["policy:create", "archive", "--type", "local", "--path", path.join(dataDir, "x")], /exists already/);
    await refused(["policy:create", "rel", "--type", "local", "--path", "relative"], /absolute directory/);
    await refused(["policy:create", "nopath", "--type", "local"], /--path/);
    await refused(["policy:create", "ftp", "--type", "ftp"], /--type.*local, s3|Allowed choices/);
    await refused(["policy:create", "s3x", "--type", "s3", "--endpoint", "http://127.0.0.1:9"], /--bucket, --region, --access-key, --secret-key/);
    await writeFile(path.join(dataDir, "a-file"), "x");
    await refused(["policy:create", "broken", "--type", "local", "--path", path.join(dataDir, "a-file", "blobs")], /Nothing was saved: the connection test failed \(put\)/);
    await refused(["policy:assign", "nope", "--default"], /No storage policy named "nope"/);
    await refused(["policy:assign", "archive", "--user", "nobody"], /No user named "nobody"/);
    await refused(["policy:assign", "archive", "--team", "Nope"], /No such team/);
    await refused(["policy:assign", "archive"], /exactly one of --user/);
    await refused(["policy:assign", "archive", "--user", "olga", "--default"], /exactly one of --user/);
    expect((await list()).map((p) => p.name)).toEqual(["local", "archive"]);
  });

  it.skipIf(!S3)(s3Suite("creates an S3 policy on radosgw, never printing the secret, and refuses a wrong secret", S3), async () => {
    const bucket = await createTestBucket("policy-cli");
    try {
      const s3 = (name: string, secret: string) => [
        "policy:create", name, "--type", "s3", "--endpoint", S3_TEST.endpoint, "--bucket", bucket.bucket, "--region", S3_TEST.region,
        "--access-key", S3_TEST.accessKeyId, "--secret-key", secret, "--path-style", "--prefix", "haven", "--redirect",
      ];
      const created = await cli(...s3("bucket", S3_TEST.secretAccessKey));
      expect(created.stdout).toMatch(new RegExp(`created s3 policy "bucket" \\(id \\d+\\) at ${S3_TEST.endpoint}/${bucket.bucket}/haven/ \\(path-style\\)`));
      const json = (await cli("policy:list", "--json")).stdout;
      expect(json).not.toContain(S3_TEST.secretAccessKey);
      expect((JSON.parse(json) as PolicyRow[]).find((p) => p.name === "bucket")!.s3).toEqual({
        endpoint: S3_TEST.endpoint, bucket: bucket.bucket, region: S3_TEST.region, prefix: "haven/", pathStyle: true, accessKeyId: S3_TEST.accessKeyId, secretSet: true, redirectDownloads: true,
      });
      await expect(cli(...s3("wrong", "not-the-secret"))).rejects.toMatchObject({ stderr: expect.stringMatching(/Nothing was saved: the connection test failed \(put\): .*refused the access key or secret/) });
      expect((await list()).map((p) => p.name)).not.toContain("wrong");
      expect(await bucket.keys()).toEqual([]);
    } finally {
      await bucket.cleanup();
    }
  });
});
