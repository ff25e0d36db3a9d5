import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainError } from "@/lib/domain/errors";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("file tree on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("creates folders, lists folders first and keeps ids across rename and move", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const files = h.services.files;
    const docs = await files.createFolder(actor, rootId, "docs");
    const archive = await files.createFolder(actor, rootId, "archive");
    const note = await putFile(h.services, actor, rootId, "a-note.txt", "hello");
    const page = await files.list(actor, rootId, { sort: "name", order: "asc" });
    expect(page.items.map((e) => e.node.name)).toEqual(["archive", "docs", "a-note.txt"]);
    const renamed = await files.rename(actor, docs.node.id, "documents");
    expect(renamed.node.id).toBe(docs.node.id);
    const [moved] = await files.move(actor, [note.id], docs.node.id);
    expect(moved!.node.id).toBe(note.id);
    expect(moved!.node.parentId).toBe(docs.node.id);
    const crumbs = await files.crumbs(actor, note.id);
    expect(crumbs.map((c) => c.name)).toEqual(["", "documents", "a-note.txt"]);
    expect(archive.node.isFolder).toBe(true);
  });

  it("rejects bad names with the reason", async () => {
    const { actor, rootId } = await makeUser(h.services);
    for (const bad of ["", ".", "..", "a/b", "a\\b", "nul\0byte", "x".repeat(256), "界".repeat(86)]) {
      await expect(h.services.files.createFolder(actor, rootId, bad)).rejects.toMatchObject({ code: "INVALID_NAME" });
    }
    expect((await h.services.files.createFolder(actor, rootId, "界".repeat(85))).node.name).toHaveLength(85);
  });

  it("reports a name clash as a conflict and can number it instead", async () => {
    const { actor, rootId } = await makeUser(h.services);
    await h.services.files.createFolder(actor, rootId, "same");
    expect(await codeOf(h.services.files.createFolder(actor, rootId, "same"))).toBe("CONFLICT");
    await putFile(h.services, actor, rootId, "report.pdf", "v1");
    const second = await putFile(h.services, actor, rootId, "report.pdf", "v2");
    const third = await putFile(h.services, actor, rootId, "report.pdf", "v3");
    expect([second.name, third.name]).toEqual(["report (1).pdf", "report (2).pdf"]);
  });

  it("refuses moving a folder into itself or a descendant", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const a = await h.services.files.createFolder(actor, rootId, "a");
    const b = await h.services.files.createFolder(actor, a.node.id, "b");
    expect(await codeOf(h.services.files.move(actor, [a.node.id], a.node.id))).toBe("CONFLICT");
    expect(await codeOf(h.services.files.move(actor, [a.node.id], b.node.id))).toBe("CONFLICT");
  });

  it("propagates ETags and folder sizes to every ancestor", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const files = h.services.files;
    const a = await files.createFolder(actor, rootId, "a");
    const b = await files.createFolder(actor, a.node.id, "b");
    const before = await Promise.all([rootId, a.node.id, b.node.id].map((id) => files.get(actor, id)));
    await putFile(h.services, actor, b.node.id, "f.bin", Buffer.alloc(1000, 1));
    const after = await Promise.all([rootId, a.node.id, b.node.id].map((id) => files.get(actor, id)));
    after.forEach((entry, i) => {
      expect(entry.node.etag).not.toBe(before[i]!.node.etag);
      expect(entry.node.size).toBe(1000);
    });
    const c = await files.createFolder(actor, rootId, "c");
    await files.move(actor, [b.node.id], c.node.id);
    expect((await files.get(actor, a.node.id)).node.size).toBe(0);
    expect((await files.get(actor, c.node.id)).node.size).toBe(1000);
    expect((await files.get(actor, rootId)).node.size).toBe(1000);
  });

  it("hides other users' nodes as not found", async () => {
    const alice = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const secret = await putFile(h.services, alice.actor, alice.rootId, "secret.txt", "x");
    const attempts = [
      () => h.services.files.get(bob.actor, secret.id),
      () => h.services.files.rename(bob.actor, secret.id, "mine.txt"),
      () => h.services.trash.trash(bob.actor, [secret.id]),
      () => h.services.files.move(bob.actor, [secret.id], bob.rootId),
      () => h.services.files.copy(bob.actor, [secret.id], bob.rootId),
      () => h.services.files.list(bob.actor, alice.rootId),
      () => h.services.downloads.openFile(bob.actor, secret.id),
    ];
    for (const attempt of attempts) expect(await codeOf(attempt())).toBe("NOT_FOUND");
  });

  it("copies folders recursively, sharing blobs and charging quota", async () => {
    const { actor, rootId, user } = await makeUser(h.services, { quota: 10_000 });
    const files = h.services.files;
    const src = await files.createFolder(actor, rootId, "src");
    const inner = await files.createFolder(actor, src.node.id, "inner");
    await putFile(h.services, actor, inner.node.id, "x.bin", Buffer.alloc(3000, 7));
    const [copy] = await files.copy(actor, [src.node.id], rootId);
    expect(copy!.node.name).toBe("src (1)");
    expect(copy!.node.size).toBe(3000);
    const usage = await h.services.spaces.usage(user.id);
    expect(usage.used).toBe(6000);
    expect(await codeOf(files.copy(actor, [src.node.id], rootId))).toBe("OK");
    expect(await codeOf(files.copy(actor, [src.node.id], rootId))).toBe("QUOTA_EXCEEDED");
    expect((await h.services.spaces.usage(user.id)).used).toBe(9000);
  });

  it("trashes, restores to the original place or the root, and purges", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const files = h.services.files;
    const folder = await files.createFolder(actor, rootId, "keep");
    const f = await putFile(h.services, actor, folder.node.id, "doc.txt", "12345");
    await h.services.trash.trash(actor, [f.id]);
    expect(await codeOf(files.get(actor, f.id))).toBe("NOT_FOUND");
    expect((await files.list(actor, folder.node.id)).items).toHaveLength(0);
    expect((await h.services.spaces.usage(user.id)).used).toBe(5);
    const trash = await h.services.trash.listTrash(actor);
    expect(trash.map((t) => [t.node.name, t.originalPath])).toEqual([["doc.txt", "/keep"]]);
    const [restored] = await h.services.trash.restore(actor, [f.id]);
    expect(restored!.node.parentId).toBe(folder.node.id);

    await h.services.trash.trash(actor, [f.id]);
    await h.services.trash.trash(actor, [folder.node.id]);
    await h.services.trash.purge(actor, [folder.node.id]);
    const [toRoot] = await h.services.trash.restore(actor, [f.id]);
    expect(toRoot!.node.parentId).toBe(rootId);

    await h.services.trash.trash(actor, [toRoot!.node.id]);
    await putFile(h.services, actor, rootId, "doc.txt", "again");
    const [clash] = await h.services.trash.restore(actor, [toRoot!.node.id]);
    expect(clash!.node.name).toBe("doc (1).txt");

    await h.services.trash.trash(actor, [clash!.node.id]);
    expect(await h.services.trash.emptyTrash(actor)).toBe(1);
    expect((await h.services.spaces.usage(user.id)).used).toBe(5);
    expect((await files.get(actor, rootId)).node.size).toBe(5);
  });

  it("keeps the tree consistent under concurrent moves", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const files = h.services.files;
    const a = await files.createFolder(actor, rootId, "a");
    const b = await files.createFolder(actor, rootId, "b");
    const results = await Promise.allSettled([files.move(actor, [a.node.id], b.node.id), files.move(actor, [b.node.id], a.node.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const names = await Promise.all(Array.from({ length: 6 }, () => files.createFolder(actor, rootId, "race").then(() => "ok", (e: DomainError) => e.code)));
    expect(names.filter((n) => n === "ok")).toHaveLength(1);
    expect(names.filter((n) => n === "CONFLICT")).toHaveLength(5);
  });
});
