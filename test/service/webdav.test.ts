import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** The services WebDAV needs (path resolution, overwrite-aware move/copy, locks, dead properties, app passwords). */
describe.each(PROVIDERS)("WebDAV services on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock();
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  it("resolves paths by name, telling a missing leaf from a missing parent", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const files = h.services.files;
    const docs = await files.createFolder(actor, rootId, "docs");
    const note = await putFile(h.services, actor, docs.node.id, "note.txt", "hi");
    const found = await files.resolvePath(actor, rootId, ["docs", "note.txt"]);
    expect(found.node?.node.id).toBe(note.id);
    expect(found.node?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(found.parent?.node.id).toBe(docs.node.id);
    expect((await files.resolvePath(actor, rootId, ["docs", "none"])).node).toBeNull();
    expect((await files.resolvePath(actor, rootId, ["docs", "none"])).parent?.node.id).toBe(docs.node.id);
    expect((await files.resolvePath(actor, rootId, ["nope", "x"])).parent).toBeNull();
    expect((await files.resolvePath(actor, rootId, ["docs", "note.txt", "x"])).parent).toBeNull();
    expect((await files.resolvePath(actor, rootId, [])).node?.node.id).toBe(rootId);
    await expect(files.resolvePath(actor, rootId, [".."])).rejects.toMatchObject({ code: "INVALID_NAME" });
    const other = await makeUser(h.services);
    await expect(files.resolvePath(other.actor, rootId, ["docs"])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("moves and copies with overwrite: refused without it, target trashed with it", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const files = h.services.files;
    const a = await putFile(h.services, actor, rootId, "a.txt", "aaa");
    const b = await putFile(h.services, actor, rootId, "b.txt", "bb");
    await expect(files.moveTo(actor, a.id, rootId, "b.txt", { overwrite: false })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const moved = await files.moveTo(actor, a.id, rootId, "b.txt", { overwrite: true });
    expect(moved).toMatchObject({ replaced: true, entry: { node: { id: a.id, name: "b.txt" } } });
    expect((await h.services.trash.listTrash(actor)).map((t) => t.node.id)).toEqual([b.id]);
    const folder = await files.createFolder(actor, rootId, "f");
    await putFile(h.services, actor, folder.node.id, "in.txt", "in");
    const shallow = await files.copyTo(actor, folder.node.id, rootId, "f-empty", { overwrite: false, shallow: true });
    expect((await files.list(actor, shallow.entry.node.id)).total).toBe(0);
    const deep = await files.copyTo(actor, folder.node.id, rootId, "f-copy", { overwrite: false });
    expect((await files.list(actor, deep.entry.node.id)).items.map((e) => e.node.name)).toEqual(["in.txt"]);
    expect((await files.copyTo(actor, a.id, rootId, "f-copy", { overwrite: true })).replaced).toBe(true);
    await expect(files.moveTo(actor, folder.node.id, folder.node.id, "x", { overwrite: true })).rejects.toMatchObject({ code: "CONFLICT" });
    const usage = await h.services.spaces.usage(actor.userId);
    expect(usage.used).toBe(3 + 2 + 2 + 2 + 3);
  });

  it("keeps dead properties atomic per request, moving with the node and copied with it", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const f = await putFile(h.services, actor, rootId, "p.txt", "p");
    const props = h.services.properties;
    await props.patch(actor, f.id, [
      { op: "set", namespace: "urn:a", name: "k", value: "季 𐀀" },
      { op: "set", namespace: "", name: "plain", value: "<x xmlns=\"\"/>" },
    ]);
    await expect(props.patch(actor, f.id, [{ op: "set", namespace: "urn:a", name: "k", value: "new" }, { op: "set", namespace: "urn:a", name: "big", value: "x".repeat(70_000) }])).rejects.toMatchObject({ code: "TOO_LARGE" });
    const entry = await h.services.files.get(actor, f.id);
    const stored = (await props.propertiesOf([entry])).get(f.id)!;
    expect(stored.map((p) => [p.namespace, p.name, p.value])).toEqual([["", "plain", '<x xmlns=""/>'], ["urn:a", "k", "季 𐀀"]]);
    const copy = await h.services.files.copyTo(actor, f.id, rootId, "p2.txt", { overwrite: false });
    expect((await props.propertiesOf([copy.entry])).get(copy.entry.node.id)).toHaveLength(2);
    const viewer = await makeUser(h.services);
    await expect(props.patch(viewer.actor, f.id, [{ op: "remove", namespace: "urn:a", name: "k" }])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("locks: exclusive against all, shared with shared, depth infinity covering members, expiry", async () => {
    const { actor, spaceId } = await makeUser(h.services);
    const locks = h.services.locks;
    const req = { deep: false, owner: null, timeoutSeconds: 60 } as const;
    const ex = await locks.lock(actor, spaceId, "/a.txt", { ...req, scope: "exclusive" });
    await expect(locks.lock(actor, spaceId, "/a.txt", { ...req, scope: "shared" })).rejects.toMatchObject({ code: "LOCKED" });
    await expect(locks.assertWritable(actor, spaceId, [{ path: "/a.txt", deep: false }], [])).rejects.toMatchObject({ code: "LOCKED" });
    await locks.assertWritable(actor, spaceId, [{ path: "/a.txt", deep: false }], [ex.token]);
    const other = await makeUser(h.services);
    await expect(locks.assertWritable(other.actor, spaceId, [{ path: "/a.txt", deep: false }], [ex.token])).rejects.toMatchObject({ code: "LOCKED" });
    await expect(locks.unlock(other.actor, spaceId, "/a.txt", ex.token)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await locks.unlock(actor, spaceId, "/a.txt", ex.token);

    const s1 = await locks.lock(actor, spaceId, "/s", { ...req, scope: "shared" });
    const s2 = await locks.lock(actor, spaceId, "/s", { ...req, scope: "shared" });
    await locks.assertWritable(actor, spaceId, [{ path: "/s", deep: false }], [s2.token]);
    await locks.unlock(actor, spaceId, "/s", s1.token);
    await locks.unlock(actor, spaceId, "/s", s2.token);

    const deep = await locks.lock(actor, spaceId, "/dir", { ...req, scope: "exclusive", deep: true });
    await expect(locks.lock(actor, spaceId, "/dir/x/y.txt", { ...req, scope: "shared" })).rejects.toMatchObject({ code: "LOCKED" });
    await expect(locks.assertWritable(actor, spaceId, [{ path: "/dir/x/y.txt", deep: false }], [])).rejects.toMatchObject({ code: "LOCKED" });
    await expect(locks.assertWritable(actor, spaceId, [{ path: "/", deep: true }], [])).rejects.toMatchObject({ code: "LOCKED" });
    await locks.assertWritable(actor, spaceId, [{ path: "/dirx", deep: true }], []);
    expect((await locks.refresh(actor, spaceId, "/dir/x", deep.token, 120)).timeoutSeconds).toBe(120);
    await expect(locks.refresh(actor, spaceId, "/elsewhere", deep.token, 120)).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const odd = await locks.lock(actor, spaceId, "/50%_x/in", { ...req, scope: "exclusive" });
    await locks.assertWritable(actor, spaceId, [{ path: "/50%_", deep: true }], []);
    await locks.assertWritable(actor, spaceId, [{ path: "/5", deep: true }], []);
    await expect(locks.assertWritable(actor, spaceId, [{ path: "/50%_x", deep: true }], [])).rejects.toMatchObject({ code: "LOCKED" });
    await locks.release(spaceId, "/50%_");
    expect((await locks.covering(spaceId, "/50%_x/in")).map((l) => l.token)).toEqual([odd.token]);
    await locks.release(spaceId, "/50%_x");
    expect(await locks.covering(spaceId, "/50%_x/in")).toEqual([]);
    clock.advance(121_000);
    await locks.assertWritable(actor, spaceId, [{ path: "/dir/x/y.txt", deep: false }], []);
    expect(await locks.covering(spaceId, "/dir")).toEqual([]);
  });

  it("app passwords: shown once, hashed, read-only, revocable, throttled like the login", async () => {
    const { user } = await makeUser(h.services, { username: `app_${provider}` });
    const apps = h.services.appPasswords;
    const { appPassword, password } = await apps.create(null, user.id, { name: "phone", readOnly: true });
    expect(password).toMatch(/^hp-[0-9a-f]{16}-[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(await apps.list(null, user.id))).not.toContain(password.slice(20));
    const actor = await apps.authenticate(user.username, password, "10.0.0.1");
    expect(actor).toMatchObject({ userId: user.id, readOnly: true, appPasswordId: appPassword.id });
    expect((await apps.list(null, user.id))[0]!.lastUsedAt).not.toBeNull();
    expect((await apps.authenticate(user.username, "correct horse battery", null)).appPasswordId).toBeNull();
    await expect(apps.authenticate("someone", password, null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const stranger = await makeUser(h.services);
    await expect(apps.create(stranger.actor, user.id, { name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await apps.revoke(null, appPassword.id);
    await expect(apps.authenticate(user.username, password, null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    for (let i = 0; i < 4; i++) await expect(apps.authenticate(user.username, `hp-${"0".repeat(16)}-${"x".repeat(32)}`, null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(apps.authenticate(user.username, "wrong", null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(apps.authenticate(user.username, "another guess", null)).rejects.toMatchObject({ code: "THROTTLED" });
    await expect(h.services.auth.checkPassword(user.username, "correct horse battery", null)).rejects.toMatchObject({ code: "THROTTLED" });
    // A client that proved the password before the lock-out keeps working (an attacker cannot lock out a sync client).
    expect((await apps.authenticate(user.username, "correct horse battery", null)).userId).toBe(user.id);
  });
});
