import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("internal shares and the user picker on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("an edit recipient changes inside the shared folder but cannot delete, move or rename the shared root", async () => {
    const owner = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const { files, trash, shareGrants } = h.services;
    const shared = await files.createFolder(owner.actor, owner.rootId, "shared");
    const inside = await putFile(h.services, owner.actor, shared.node.id, "in.txt", "in");
    const sub = await files.createFolder(owner.actor, shared.node.id, "sub");
    const file = await putFile(h.services, owner.actor, owner.rootId, "one.txt", "one");
    await shareGrants.grant(owner.actor, shared.node.id, { userId: bob.user.id, permission: "edit" });
    await shareGrants.grant(owner.actor, file.id, { userId: bob.user.id, permission: "edit" });

    expect((await files.get(bob.actor, shared.node.id)).rights).toMatchObject({ read: true, write: true, delete: false });
    expect(await codeOf(trash.trash(bob.actor, [shared.node.id]))).toBe("FORBIDDEN");
    expect(await codeOf(files.rename(bob.actor, shared.node.id, "mine"))).toBe("FORBIDDEN");
    expect(await codeOf(files.move(bob.actor, [shared.node.id], bob.rootId))).not.toBe("OK");
    expect(await codeOf(files.moveTo(bob.actor, shared.node.id, shared.node.id, "x", { overwrite: false }))).not.toBe("OK");
    // A directly shared file: new content yes, but not gone from the owner's folder.
    expect(await codeOf(trash.trash(bob.actor, [file.id]))).toBe("FORBIDDEN");
    expect(await codeOf(files.rename(bob.actor, file.id, "two.txt"))).toBe("FORBIDDEN");

    // Inside the shared folder everything stays allowed.
    expect((await files.rename(bob.actor, inside.id, "renamed.txt")).node.name).toBe("renamed.txt");
    await files.move(bob.actor, [inside.id], sub.node.id);
    expect(await trash.trash(bob.actor, [sub.node.id])).toBe(1);
    expect((await files.get(owner.actor, shared.node.id)).node.trashedAt).toBeNull();
    // The owner keeps every right on it.
    expect((await files.rename(owner.actor, shared.node.id, "still-mine")).node.name).toBe("still-mine");
  });

  it("a file shared on its own takes new content from an edit recipient who cannot see its folder; view and new names stay refused", async () => {
    const owner = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const { files, shareGrants, edits } = h.services;
    const folder = await files.createFolder(owner.actor, owner.rootId, "private");
    const editable = await putFile(h.services, owner.actor, folder.node.id, "notes.txt", "v1");
    const readable = await putFile(h.services, owner.actor, folder.node.id, "spec.txt", "spec");
    await shareGrants.grant(owner.actor, editable.id, { userId: bob.user.id, permission: "edit" });
    await shareGrants.grant(owner.actor, readable.id, { userId: bob.user.id, permission: "view" });
    expect(await codeOf(files.get(bob.actor, folder.node.id))).toBe("NOT_FOUND");

    // The same upload path as a WebDAV PUT or an editor's save: a new version of the same node.
    const saved = await putFile(h.services, bob.actor, folder.node.id, "notes.txt", "v2 from bob", { onConflict: "replace" });
    expect(saved.id).toBe(editable.id);
    const again = await edits.saveContent(bob.actor, editable.id, { body: Readable.from([Buffer.from("v3")]), declaredSize: 2 });
    expect(again.node).toMatchObject({ id: editable.id, size: 2 });
    expect((await readAll(await (await h.services.downloads.openFile(owner.actor, editable.id)).open())).toString()).toBe("v3");
    expect((await h.services.versions.versions(owner.actor, editable.id)).versions.length).toBe(3);

    // A view grant gives no writing; the folder still takes no new name and no rename-on-clash copy from bob.
    expect(await codeOf(putFile(h.services, bob.actor, folder.node.id, "spec.txt", "no", { onConflict: "replace" }))).toBe("FORBIDDEN");
    expect(await codeOf(putFile(h.services, bob.actor, folder.node.id, "new.txt", "no", { onConflict: "replace" }))).toBe("NOT_FOUND");
    expect(await codeOf(putFile(h.services, bob.actor, folder.node.id, "notes.txt", "no", { onConflict: "rename" }))).toBe("NOT_FOUND");
    expect((await files.list(owner.actor, folder.node.id)).items.map((n) => n.node.name).sort()).toEqual(["notes.txt", "spec.txt"]);
  });

  it("user search shows emails to admins only; others find by exact email and never see one", async () => {
    const tag = `${provider}${Math.random().toString(36).slice(2, 6)}`;
    const admin = await makeUser(h.services, { role: "admin" });
    const me = await makeUser(h.services);
    const target = await h.services.users.create(null, { username: `carol_${tag}`, password: "correct horse battery", email: `carol.${tag}@example.com` });

    const byPart = await h.services.shareGrants.searchUsers(me.actor, `@example.com`);
    expect(byPart.some((u) => u.id === target.id)).toBe(false);
    const byName = await h.services.shareGrants.searchUsers(me.actor, `carol_${tag}`);
    expect(byName.map((u) => [u.id, u.email])).toEqual([[target.id, null]]);
    const byExact = await h.services.shareGrants.searchUsers(me.actor, `CAROL.${tag}@example.com`);
    expect(byExact.map((u) => [u.id, u.email])).toEqual([[target.id, null]]);

    const asAdmin = await h.services.shareGrants.searchUsers(admin.actor, `.${tag}@exa`);
    expect(asAdmin.map((u) => [u.id, u.email])).toEqual([[target.id, `carol.${tag}@example.com`]]);
  });
});
