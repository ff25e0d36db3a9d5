import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();
const body = (text: string) => ({ body: Readable.from([Buffer.from(text)]), declaredSize: Buffer.byteLength(text) });

describe.each(PROVIDERS)("editing file content on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  const text = async (actor: Parameters<TestHarness["services"]["downloads"]["openFile"]>[0], id: number) =>
    (await readAll(await (await h.services.downloads.openFile(actor, id)).open())).toString();

  it("creates a new file, refusing a taken name unless asked to pick a free one", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const created = await h.services.edits.createFile(actor, rootId, "笔记.md", Buffer.from("# 你好"));
    expect(created.node.name).toBe("笔记.md");
    expect(created.node.mimeType).toBe("text/markdown");
    expect(await text(actor, created.node.id)).toBe("# 你好");
    expect(await codeOf(h.services.edits.createFile(actor, rootId, "笔记.md", Buffer.from("")))).toBe("CONFLICT");
    expect(await codeOf(h.services.edits.createFile(actor, rootId, "a/b.md", Buffer.from("")))).toBe("INVALID_NAME");
    const copy = await h.services.edits.createFile(actor, rootId, "笔记.md", Buffer.from("copy"), { rename: true });
    expect(copy.node.name).toBe("笔记 (1).md");
  });

  it("saves a new version at the loaded ETag, and refuses a stale one with PRECONDITION_FAILED", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const file = await putFile(h.services, actor, rootId, "notes.txt", "one");
    const saved = await h.services.edits.saveContent(actor, file.id, body("two"), file.etag);
    expect(saved.node.id).toBe(file.id);
    expect(saved.node.etag).not.toBe(file.etag);
    expect(await text(actor, file.id)).toBe("two");
    expect((await h.services.versions.versions(actor, file.id)).versions).toHaveLength(2);
    // A second editor still holding the first ETag.
    expect(await codeOf(h.services.edits.saveContent(actor, file.id, body("three"), file.etag))).toBe("PRECONDITION_FAILED");
    expect(await text(actor, file.id)).toBe("two");
    // Overwrite: no ETag given.
    await h.services.edits.saveContent(actor, file.id, body("three"));
    expect(await text(actor, file.id)).toBe("three");
    expect((await h.services.versions.versions(actor, file.id)).versions).toHaveLength(3);
  });

  it("applies rights and quota: a viewer cannot save, a full space refuses, folders have no content", async () => {
    const owner = await makeUser(h.services, { quota: 20 });
    const reader = await makeUser(h.services);
    const file = await putFile(h.services, owner.actor, owner.rootId, "shared.txt", "0123456789");
    await h.services.shareGrants.grant(owner.actor, file.id, { userId: reader.user.id, permission: "view" });
    expect(await codeOf(h.services.edits.saveContent(reader.actor, file.id, body("mine"), file.etag))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.edits.saveContent(owner.actor, file.id, body("x".repeat(11)), file.etag))).toBe("QUOTA_EXCEEDED");
    expect(await text(owner.actor, file.id)).toBe("0123456789");
    expect(await codeOf(h.services.edits.saveContent(owner.actor, owner.rootId, body("x")))).toBe("CONFLICT");
    const stranger = await makeUser(h.services);
    expect(await codeOf(h.services.edits.saveContent(stranger.actor, file.id, body("x")))).toBe("NOT_FOUND");
  });
});
