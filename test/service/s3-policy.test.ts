import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import type { PolicyRecord } from "@/lib/domain/types";
import { storageDisposition } from "@/server/http/send-content";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { createTestBucket, s3ForTests, s3Suite, useS3Policy, type TestBucket } from "../helpers/s3";
import { createHarness, providers, type TestHarness } from "../helpers/services";

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const S3 = await s3ForTests("skipping the S3 policy service tests");
const PROVIDERS = await providers();

describe.skipIf(!S3).each(PROVIDERS)(s3Suite("a space on an S3 policy, %s", S3), (provider) => {
  let h: TestHarness;
  let bucket: TestBucket;
  let actor: Actor;
  let rootId: number;
  let spaceId: number;
  let policy: PolicyRecord;

  beforeAll(async () => {
    h = await createHarness(provider);
    bucket = await createTestBucket(`policy-${provider}`);
    ({ actor, rootId, spaceId } = await makeUser(h.services, { quota: 40 * MiB }));
    policy = await useS3Policy(h.services, spaceId, bucket, { prefix: "p/" });
  });
  afterAll(async () => {
    await bucket?.cleanup();
    await h?.close();
  });

  it("a streamed PUT (WebDAV's path) goes straight into the bucket through the driver, hashed on the way", async () => {
    const data = randomBytes(11 * MiB + 9);
    const node = await h.services.uploads.putStream(actor, { parentId: rootId, name: "stream.bin", body: Readable.from([data.subarray(0, 4 * MiB), data.subarray(4 * MiB)]) });
    const content = await h.services.downloads.openFile(actor, node.id);
    expect(content.version.sha256).toBe(sha(data));
    expect(await bucket.keys()).toContain(`p/${(await h.services.uow.repos.blobs.findVersionWithLocation(content.version.id))!.key}`);
    expect((await readAll(await content.open({ start: 6 * MiB, end: 8 * MiB - 1 }))).equals(data.subarray(6 * MiB, 8 * MiB))).toBe(true);
    expect(await bucket.openMultipartUploads()).toEqual([]);
  });

  it("a body past the quota stops being read, and nothing of it stays in the bucket", async () => {
    const before = await bucket.keys();
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(MiB, 7));
      },
    });
    await expect(h.services.uploads.putStream(actor, { parentId: rootId, name: "too-much.bin", body: endless })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(pulled).toBeLessThan(45);
    endless.destroy();
    expect(await bucket.keys()).toEqual(before);
    expect(await bucket.openMultipartUploads()).toEqual([]);
  });

  it("offers a presigned download only when the policy redirects downloads", async () => {
    const node = await putFile(h.services, actor, rootId, "résumé.txt", "bonjour");
    expect((await h.services.downloads.openFile(actor, node.id)).presign).toBeUndefined();
    const redirecting = await h.services.uow.repos.spaces.createPolicy({ name: `${policy.name}-redirect`, kind: "s3", config: { ...policy.config, redirectDownloads: true }, isDefault: false });
    await h.services.uow.repos.spaces.updateTeam(spaceId, { policyId: redirecting.id });
    try {
      // The file's blob still names the first policy: the bytes are served by the policy that holds them.
      expect((await h.services.downloads.openFile(actor, node.id)).presign).toBeUndefined();
      const moved = await putFile(h.services, actor, rootId, "neu.txt", "hallo");
      const content = await h.services.downloads.openFile(actor, moved.id);
      const url = await content.presign!({ contentDisposition: "attachment; filename=\"neu.txt\"", contentType: "text/plain" });
      const res = await fetch(url);
      expect(res.headers.get("content-disposition")).toBe("attachment; filename=\"neu.txt\"");
      expect(await res.text()).toBe("hallo");
      expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("300");
      // What a redirected download asks for comes back as sent, non-ASCII names included.
      const disposition = storageDisposition("Bericht März 报告.pdf", true);
      const named = await fetch(await content.presign!({ contentDisposition: disposition }));
      expect(named.headers.get("content-disposition")).toBe(disposition);
      expect(disposition).toBe(`attachment; filename="Bericht M?rz ??.pdf"; filename*=UTF-8''Bericht%20M%C3%A4rz%20%E6%8A%A5%E5%91%8A.pdf`);
      await named.arrayBuffer();
    } finally {
      await h.services.uow.repos.spaces.updateTeam(spaceId, { policyId: policy.id });
    }
  });

  it("zip entries stream each file from the bucket", async () => {
    const { node: folder } = await h.services.files.createFolder(actor, rootId, "zipme");
    const big = randomBytes(3 * MiB);
    await putFile(h.services, actor, folder.id, "big.bin", big);
    await putFile(h.services, actor, folder.id, "small.txt", "small");
    const { entries } = await h.services.downloads.zipEntries(actor, [folder.id]);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(sha(await readAll(await byPath.get("zipme/big.bin")!.open!()))).toBe(sha(big));
    expect((await readAll(await byPath.get("zipme/small.txt")!.open!())).toString()).toBe("small");
  });
});
