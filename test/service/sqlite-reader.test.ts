import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { makeRepositories, type Repositories } from "@/lib/repositories";
import { makeUser, putFile } from "../helpers/factories";
import { createHarness, TestClock, type TestHarness } from "../helpers/services";

/**
 * SQLite's hot reads (prepared statements on a read-only connection) must answer exactly as the Prisma queries they
 * stand in for: same records, same types (Date, boolean, number), same misses.
 */
describe("SQLite hot-path reader", () => {
  let h: TestHarness;
  let prisma: Repositories;
  let disconnect: () => Promise<void>;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness("sqlite", { clock });
    const db = createDb(h.services.config.databaseUrl);
    prisma = makeRepositories(db);
    disconnect = () => db.$disconnect();
  });
  afterAll(async () => {
    await disconnect?.();
    await h?.close();
  });

  it("reads nodes, spaces, members, policies, blobs, versions, users, app passwords and lock presence as Prisma does", async () => {
    const fast = h.services.uow.repos;
    const owner = await makeUser(h.services, { quota: 10_000 });
    const editor = await makeUser(h.services);
    await fast.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const folder = await h.services.files.createFolder(owner.actor, owner.rootId, "Ünïcode folder");
    const file = await putFile(h.services, owner.actor, folder.node.id, "a.txt", "hello");
    await putFile(h.services, owner.actor, folder.node.id, "a.txt", "hello again", { onConflict: "replace" });
    const gone = await putFile(h.services, owner.actor, owner.rootId, "gone.txt", "x");
    await h.services.trash.trash(owner.actor, [gone.id]);
    const { appPassword } = await h.services.appPasswords.create(owner.actor, owner.user.id, { name: "phone", readOnly: true, folderId: folder.node.id });
    await h.services.appPasswords.revoke(owner.actor, appPassword.id);

    const current = (await fast.nodes.findById(file.id))!;
    const version = (await fast.blobs.findVersion(current.currentVersionId!))!;
    const space = (await fast.spaces.findById(owner.spaceId))!;
    expect(current).toMatchObject({ isFolder: false, size: 11, trashedAt: null });
    expect(current.mtime).toBeInstanceOf(Date);
    expect(space.quota).toBe(10_000);

    const same = async <T>(read: (r: Repositories) => Promise<T>) => expect(await read(fast)).toEqual(await read(prisma));
    for (const id of [owner.rootId, folder.node.id, file.id, gone.id, 999_999]) await same((r) => r.nodes.findById(id));
    await same((r) => r.nodes.findLiveChild(folder.node.id, "a.txt"));
    await same((r) => r.nodes.findLiveChild(folder.node.id, "missing.txt"));
    await same((r) => r.nodes.findLiveChild(owner.rootId, "gone.txt"));
    await same((r) => r.spaces.findById(owner.spaceId));
    await same((r) => r.spaces.findPersonal(owner.user.id));
    await same((r) => r.spaces.findPersonal(999_999));
    await same((r) => r.spaces.memberRole(owner.spaceId, editor.user.id));
    await same((r) => r.spaces.memberRole(owner.spaceId, 999_999));
    await same((r) => r.spaces.policyById(space.policyId));
    await same((r) => r.blobs.findVersion(version.id));
    await same((r) => r.blobs.findById(version.blobId));
    await same((r) => r.blobs.findVersionWithLocation(version.id));
    await same((r) => r.blobs.findVersionWithLocation(999_999));
    expect((await fast.blobs.findVersionWithLocation(version.id))?.policy).toEqual(await fast.spaces.policyById(space.policyId));
    await same((r) => r.users.findById(owner.user.id));
    await same((r) => r.appPasswords.findById(appPassword.id));
    expect((await fast.appPasswords.findById(appPassword.id))).toMatchObject({ readOnly: true, scopeNodeId: folder.node.id });

    await same((r) => r.davLocks.anyActive(owner.spaceId, clock.now()));
    await h.services.locks.lock(owner.actor, owner.spaceId, "/gone2.txt", { scope: "exclusive", deep: false, owner: null, timeoutSeconds: 60 });
    expect(await fast.davLocks.anyActive(owner.spaceId, clock.now())).toBe(true);
    await same((r) => r.davLocks.anyActive(owner.spaceId, new Date(clock.now().getTime() + 61_000)));
    expect(await fast.davLocks.anyActive(owner.spaceId, new Date(clock.now().getTime() + 61_000))).toBe(false);
  });

  it("sees a write as soon as it commits, and nothing of a transaction still open", async () => {
    const owner = await makeUser(h.services);
    const fast = h.services.uow.repos;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let seenInside: unknown = "unset";
    const tx = h.services.uow.transaction(async (repos) => {
      await repos.nodes.update(owner.rootId, { etag: "inside-transaction" });
      seenInside = (await fast.nodes.findById(owner.rootId))?.etag;
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    expect(seenInside).not.toBe("inside-transaction");
    expect((await fast.nodes.findById(owner.rootId))?.etag).toBe("inside-transaction");
  });
});
