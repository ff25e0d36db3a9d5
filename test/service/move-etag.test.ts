import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** Sync clients recognise a server-side rename by file id plus an unchanged ETag: only the parents' ETags change. */
describe.each(PROVIDERS)("ETags across moves and renames on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider, { clock: new TestClock() });
  });
  afterAll(async () => h?.close());

  it("keeps the moved node's ETag through rename, move and moveTo, and changes both parents'", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const files = h.services.files;
    const a = await files.createFolder(actor, rootId, "a");
    const b = await files.createFolder(actor, rootId, "b");
    const file = await putFile(h.services, actor, a.node.id, "big.bin", "content");
    // Every write that hashes keeps a SHA-1 too (oc:checksums for rclone and the Nextcloud clients).
    const sums = (await files.list(actor, a.node.id)).items[0]!;
    expect(sums).toMatchObject({ sha256: createHash("sha256").update("content").digest("hex"), sha1: createHash("sha1").update("content").digest("hex") });
    const etagOf = async (id: number) => (await files.getMany(actor, [id]))[0]!.node.etag;
    const parentsBefore = [await etagOf(a.node.id), await etagOf(b.node.id)];

    expect((await files.rename(actor, file.id, "renamed.bin")).node.etag).toBe(file.etag);
    const afterRename = await etagOf(a.node.id);
    expect(afterRename).not.toBe(parentsBefore[0]);

    const [moved] = await files.move(actor, [file.id], b.node.id);
    expect(moved!.node.etag).toBe(file.etag);
    expect(await etagOf(a.node.id)).not.toBe(afterRename);
    expect(await etagOf(b.node.id)).not.toBe(parentsBefore[1]);

    const { entry } = await files.moveTo(actor, file.id, a.node.id, "back.bin", { overwrite: false });
    expect(entry.node).toMatchObject({ id: file.id, name: "back.bin", etag: file.etag });
    const folder = await files.moveTo(actor, b.node.id, a.node.id, "b-inside", { overwrite: false });
    expect(folder.entry.node.etag).toBe(await etagOf(b.node.id));
  });
});
