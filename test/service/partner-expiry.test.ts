import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import { codeOf } from "../helpers/errors";
import { makeUser, putFile } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeTeam } from "../helpers/teams";

const PROVIDERS = await providers();
const PASSWORD = "the partner's given password";

describe.each(PROVIDERS)("partner expiry at sign-in, and partner renames and moves in the audit log, on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date("2026-03-01T00:00:00Z"));
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  async function partner(expiresOn: string) {
    const lead = await makeUser(h.services);
    const team = await makeTeam(h.services, lead.user.id);
    const { user } = await h.services.partners.createDirect({ username: `p${Math.random().toString(36).slice(2, 8)}`, team: team.name, email: "p@example.com", expiresOn, password: PASSWORD });
    const actor: Actor = { userId: user.id, role: "partner" };
    return { user, actor };
  }

  it("an expired partner cannot sign in, keep a session or use Basic auth, before the expiry job has run", async () => {
    const { user } = await partner("2026-03-20");
    const { sessionId } = await h.services.auth.login(user.username, PASSWORD, { ip: null, userAgent: null });
    const { password: appPassword } = await h.services.appPasswords.create(null, user.id, { name: "rclone" });
    // Both credentials work (and are now remembered by the Basic-auth cache).
    expect((await h.services.appPasswords.authenticate(user.username, appPassword, null)).userId).toBe(user.id);
    expect((await h.services.appPasswords.authenticate(user.username, PASSWORD, null)).userId).toBe(user.id);

    clock.advance(new Date("2026-03-20T00:00:01Z").getTime() - clock.now().getTime());
    // The hourly job has not run: the account is not disabled, yet nothing lets it in.
    expect((await h.services.users.get(user.id))!.disabled).toBe(false);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, { ip: null, userAgent: null }))).toBe("UNAUTHENTICATED");
    expect(await h.services.auth.actorForSession(sessionId)).toBeNull();
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, appPassword, null))).toBe("UNAUTHENTICATED");
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, PASSWORD, null))).toBe("UNAUTHENTICATED");
    clock.advance(new Date("2026-03-01T00:00:00Z").getTime() - clock.now().getTime());
  });

  it("a partner's renames and moves land in the log its sponsor reads, like its uploads", async () => {
    const { user, actor } = await partner("2026-09-01");
    const home = (await h.services.partners.homeFolder(actor))!;
    const file = await putFile(h.services, actor, home, "draft.txt", "draft");
    const sub = await h.services.files.createFolder(actor, home, "final");
    await h.services.files.rename(actor, file.id, "mix.txt");
    await h.services.files.move(actor, [file.id], sub.node.id);
    await h.services.files.moveTo(actor, file.id, home, "master.txt", { overwrite: false });
    await h.services.files.moveTo(actor, file.id, home, "master-v2.txt", { overwrite: false });
    const admin = await makeUser(h.services, { role: "admin" });
    const log = await h.services.partners.auditLog(admin.actor, user.id);
    const ofFile = log.filter((e) => e.targetId === String(file.id)).map((e) => e.action).reverse();
    expect(ofFile).toEqual(["file.upload", "node.created", "node.renamed", "node.moved", "node.moved", "node.renamed"]);
  });
});
