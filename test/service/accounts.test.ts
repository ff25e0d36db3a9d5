import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser } from "../helpers/factories";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("accounts on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  it("first-run setup creates one admin and then closes for good", async () => {
    expect(await h.services.setup.isNeeded()).toBe(true);
    await expect(h.services.setup.createAdmin({ username: "admin", password: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await h.services.setup.isNeeded()).toBe(true);
    const results = await Promise.allSettled([
      h.services.setup.createAdmin({ username: "admin", password: "long enough pw" }),
      h.services.setup.createAdmin({ username: "other", password: "long enough pw" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await h.services.setup.isNeeded()).toBe(false);
    await expect(h.services.setup.createAdmin({ username: "late", password: "long enough pw" })).rejects.toMatchObject({ code: "CONFLICT" });
    const admin = (await h.services.users.findByUsername("admin")) ?? (await h.services.users.findByUsername("other"));
    expect(admin!.role).toBe("admin");
    expect((await h.services.spaces.usage(admin!.id)).quota).toBe(100 * 1024 ** 3);
  });

  it("signs in, throttles repeated failures from one client, and lets the right password through after the lock", async () => {
    const { user } = await makeUser(h.services, { username: `tom-${provider}` });
    await expect(h.services.auth.login(user.username, "wrong", { ip: "10.0.0.1", userAgent: null })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    for (let i = 0; i < 5; i++) await h.services.auth.login(user.username, "wrong", { ip: "10.0.0.1", userAgent: null }).catch(() => undefined);
    await expect(h.services.auth.login(user.username, "correct horse battery", { ip: "10.0.0.1", userAgent: null })).rejects.toMatchObject({ code: "THROTTLED" });
    clock.advance(31_000);
    const { sessionId } = await h.services.auth.login(user.username, "correct horse battery", { ip: "10.0.0.1", userAgent: "test" });
    expect((await h.services.auth.actorForSession(sessionId))?.userId).toBe(user.id);
  });

  it("disabling an account or resetting its password ends its sessions; logout revokes", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const { user } = await makeUser(h.services);
    const { sessionId } = await h.services.auth.login(user.username, "correct horse battery", { ip: null, userAgent: null });
    await h.services.users.update(admin.actor, user.id, { disabled: true });
    expect(await h.services.auth.actorForSession(sessionId)).toBeNull();
    await expect(h.services.auth.login(user.username, "correct horse battery", { ip: null, userAgent: null })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await h.services.users.update(admin.actor, user.id, { disabled: false });
    const second = await h.services.auth.login(user.username, "correct horse battery", { ip: null, userAgent: null });
    await h.services.users.update(admin.actor, user.id, { password: "a brand new password" });
    expect(await h.services.auth.actorForSession(second.sessionId)).toBeNull();
    const third = await h.services.auth.login(user.username, "a brand new password", { ip: null, userAgent: null });
    await h.services.auth.logout(third.sessionId);
    expect(await h.services.auth.actorForSession(third.sessionId)).toBeNull();
  });

  it("only admins manage users, and usernames are unique", async () => {
    const { actor } = await makeUser(h.services);
    await expect(h.services.users.list(actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(h.services.users.create(actor, { username: "sneaky", password: "long enough pw" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await makeUser(h.services, { username: `dup-${provider}` });
    await expect(makeUser(h.services, { username: `dup-${provider}` })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(h.services.users.create(null, { username: "bad name!", password: "long enough pw" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("sets per-user quotas", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const { user } = await makeUser(h.services);
    const updated = await h.services.users.update(admin.actor, user.id, { quota: 5 * 1024 ** 3 });
    expect(updated.quota).toBe(5 * 1024 ** 3);
    expect((await h.services.users.update(admin.actor, user.id, { quota: null })).quota).toBeNull();
    await expect(h.services.users.update(admin.actor, user.id, { quota: -1 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
