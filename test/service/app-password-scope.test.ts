import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** App passwords limited to one folder: which folders qualify, what the list shows, what the credential may reach. */
describe.each(PROVIDERS)("folder-limited app passwords on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("accepts only a readable folder of the user's own space, and limits the credential to it", async () => {
    const alice = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const photos = await h.services.files.createFolder(alice.actor, alice.rootId, "Photos");
    const year = await h.services.files.createFolder(alice.actor, photos.node.id, "2024");
    const outside = await putFile(h.services, alice.actor, alice.rootId, "taxes.pdf", "private");
    const file = await putFile(h.services, alice.actor, year.node.id, "beach.jpg", "sand");
    const pw = h.services.appPasswords;

    await expect(pw.create(alice.actor, alice.user.id, { name: "x", folderId: (await h.services.spaces.personalSpace(bob.user.id)).rootNodeId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(pw.create(alice.actor, alice.user.id, { name: "x", folderId: file.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(pw.create(alice.actor, alice.user.id, { name: "x", folderId: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const { appPassword, password } = await pw.create(alice.actor, alice.user.id, { name: "frame", readOnly: true, folderId: year.node.id });
    expect(appPassword).toMatchObject({ scopeNodeId: year.node.id, scopePath: "/Photos/2024", readOnly: true });
    expect(appPassword).not.toHaveProperty("hash");
    const actor = await pw.authenticate(alice.user.username, password, null);
    expect(actor.scopeNodeId).toBe(year.node.id);
    expect((await h.services.files.get(actor, file.id)).node.name).toBe("beach.jpg");
    await expect(h.services.files.get(actor, outside.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(h.services.files.get(actor, photos.node.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(h.services.files.rename(actor, file.id, "b.jpg")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await h.services.files.crumbs(actor, file.id)).map((c) => c.name)).toEqual(["2024", "beach.jpg"]);
    // Locks are keyed by the space-absolute path, whichever folder the client starts at.
    expect(await h.services.locks.segmentsOf(actor, year.node.id)).toEqual(["Photos", "2024"]);
    // A limited password cannot manage app passwords.
    await expect(pw.list(actor, alice.user.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    await h.services.trash.trash(alice.actor, [photos.node.id]);
    expect((await pw.list(alice.actor, alice.user.id)).find((p) => p.name === "frame")!.scopePath).toBe("");
    await expect(h.services.files.get(actor, file.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
