import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import type { PolicyInput } from "@/lib/domain/storage-policy";
import { createHarness, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { createTestBucket, S3_TEST, s3ForTests, s3Suite, type TestBucket } from "../helpers/s3";

const S3 = await s3ForTests("skipping the S3 storage policy tests");

/** A port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// One database is enough here: what is tested is the policy service against a real S3 server (radosgw).
describe.skipIf(!S3)(s3Suite("S3 storage policies on radosgw", S3), () => {
  let h: TestHarness;
  let admin: Actor;
  let bucket: TestBucket;
  const s3 = (name: string, overrides: Record<string, unknown> = {}) =>
    ({
      kind: "s3",
      name,
      endpoint: S3_TEST.endpoint,
      bucket: bucket.bucket,
      region: S3_TEST.region,
      prefix: "haven/",
      pathStyle: true,
      accessKeyId: S3_TEST.accessKeyId,
      secretAccessKey: S3_TEST.secretAccessKey,
      ...overrides,
    }) as PolicyInput;
  const names = async () => (await h.services.storagePolicies.list(admin)).map((p) => p.name);
  const refusal = async (input: PolicyInput) => ((await h.services.storagePolicies.create(admin, input).catch((e: unknown) => e)) as Error & { code: string });

  beforeAll(async () => {
    h = await createHarness("sqlite");
    admin = (await makeUser(h.services, { role: "admin" })).actor;
    bucket = await createTestBucket("policies");
  });
  afterAll(async () => {
    await bucket?.cleanup();
    await h?.close();
  });

  it("creates an S3 policy after putting, reading, listing and deleting a probe, and leaves no probe behind", async () => {
    const probe = await h.services.storagePolicies.testConnection(admin, { settings: s3("unsaved") });
    expect(probe.steps.map((s) => [s.step, s.ok])).toEqual([["put", true], ["get", true], ["list", true], ["delete", true]]);
    const created = await h.services.storagePolicies.create(admin, s3("Bucket", { redirectDownloads: true }));
    expect(created.s3).toMatchObject({ bucket: bucket.bucket, prefix: "haven/", pathStyle: true, accessKeyId: S3_TEST.accessKeyId, secretSet: true, redirectDownloads: true });
    expect(JSON.stringify(created)).not.toContain(S3_TEST.secretAccessKey);
    expect(await bucket.keys()).toEqual([]);
    expect((await h.services.storagePolicies.testConnection(admin, { id: created.id })).ok).toBe(true);
  });

  it("stores files of a space assigned to it in the bucket, and counts them", async () => {
    const policy = await h.services.storagePolicies.byName(admin, "Bucket");
    const { user, actor, rootId } = await makeUser(h.services);
    await h.services.storagePolicies.assign(admin, policy.id, { userId: user.id });
    await putFile(h.services, actor, rootId, "in-s3.txt", "stored in the bucket");
    const keys = await bucket.keys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^haven\//);
    expect((await h.services.storagePolicies.get(admin, policy.id)).usage).toMatchObject({ bytes: 20, blobs: 1, spaces: 1 });
  });

  it("edits without a new secret by keeping the stored one (the probe with it passes)", async () => {
    const policy = await h.services.storagePolicies.byName(admin, "Bucket");
    const { secretAccessKey: _, ...withoutSecret } = s3("Bucket", { region: "us-east-1", redirectDownloads: false }) as PolicyInput & { secretAccessKey?: string };
    const unsaved = await h.services.storagePolicies.testConnection(admin, { id: policy.id, settings: withoutSecret });
    expect(unsaved.ok).toBe(true);
    const edited = await h.services.storagePolicies.update(admin, policy.id, withoutSecret as PolicyInput);
    expect(edited.s3).toMatchObject({ secretSet: true, redirectDownloads: false });
    // a wrong new secret is refused and the stored one stays in use
    await expect(h.services.storagePolicies.update(admin, policy.id, s3("Bucket", { secretAccessKey: "wrong-secret" }))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await h.services.storagePolicies.testConnection(admin, { id: policy.id })).ok).toBe(true);
  });

  it("refuses wrong credentials, an unreachable endpoint and a missing bucket with the reason, saving nothing", async () => {
    const before = await names();
    const wrongKey = await refusal(s3("wrong-key", { accessKeyId: "nobody-knows-me" }));
    expect(wrongKey.code).toBe("INVALID_INPUT");
    expect(wrongKey.message).toMatch(/Nothing was saved: the connection test failed \(put\): .*refused the access key or secret/);
    const wrongSecret = await refusal(s3("wrong-secret", { secretAccessKey: "not-the-secret" }));
    expect(wrongSecret.message).toMatch(/refused the access key or secret/);
    const port = await deadPort();
    const unreachable = await refusal(s3("unreachable", { endpoint: `http://127.0.0.1:${port}` }));
    expect(unreachable.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} does not answer \\(ECONNREFUSED\\)`));
    const missing = await refusal(s3("missing", { bucket: "haven-no-such-bucket-here" }));
    expect(missing.message).toMatch(/The bucket "haven-no-such-bucket-here" does not exist/);
    expect(await names()).toEqual(before);

    const probe = await h.services.storagePolicies.testConnection(admin, { settings: s3("x", { bucket: "haven-no-such-bucket-here" }) });
    expect(probe.steps.map((s) => [s.step, s.ok, s.skipped ?? false])).toEqual([["put", false, false], ["get", false, true], ["list", false, true], ["delete", false, true]]);
  });
});
