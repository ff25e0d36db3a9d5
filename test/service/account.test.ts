import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();
const meta = { ip: null, userAgent: null };

describe.each(PROVIDERS)("the account page's services on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("updates display name, email and language, and checks the email", async () => {
    const { user, actor } = await makeUser(h.services);
    const updated = await h.services.accounts.updateProfile(actor, { displayName: "  Ada Lovelace ", email: "ada@example.com", locale: "zh-CN" });
    expect(updated).toMatchObject({ displayName: "Ada Lovelace", email: "ada@example.com", locale: "zh-CN" });
    expect(await codeOf(h.services.accounts.updateProfile(actor, { email: "not an address" }))).toBe("INVALID_INPUT");
    expect((await h.services.accounts.updateProfile(actor, { displayName: "", email: null, locale: null })).displayName).toBe(user.username);
    expect(await codeOf(h.services.accounts.updateProfile({ ...actor, readOnly: true }, { displayName: "x" }))).toBe("FORBIDDEN");
  });

  it("changing the password needs the current one, applies the policy and ends every other session", async () => {
    const { user, actor } = await makeUser(h.services);
    const here = await h.services.auth.login(user.username, "correct horse battery", meta);
    const elsewhere = await h.services.auth.login(user.username, "correct horse battery", meta);
    const change = (currentPassword: string, newPassword: string) => h.services.accounts.changePassword(actor, { currentPassword, newPassword, keepSessionId: here.sessionId });

    expect(await codeOf(change("wrong password", "a much better secret"))).toBe("FORBIDDEN");
    expect(await codeOf(change("correct horse battery", "short"))).toBe("INVALID_INPUT");
    expect(await codeOf(change("correct horse battery", "1q2w3e4r"))).toBe("INVALID_INPUT");
    expect(await h.services.auth.actorForSession(elsewhere.sessionId)).not.toBeNull();

    await change("correct horse battery", "a much better secret");
    expect(await h.services.auth.actorForSession(here.sessionId)).not.toBeNull();
    expect(await h.services.auth.actorForSession(elsewhere.sessionId)).toBeNull();
    expect(await codeOf(h.services.auth.login(user.username, "correct horse battery", meta))).toBe("UNAUTHENTICATED");
    expect(await codeOf(h.services.auth.login(user.username, "a much better secret", meta))).toBe("OK");
  });

  it("wrong current passwords count toward the sign-in throttle", async () => {
    const { user, actor } = await makeUser(h.services);
    const results: string[] = [];
    for (let i = 0; i < 8; i++) results.push(await codeOf(h.services.accounts.changePassword({ ...actor, ip: "192.0.2.99" }, { currentPassword: `guess ${i}`, newPassword: "a much better secret" })));
    expect(results).toContain("THROTTLED");
    // The guessing client is locked out of signing in too; another client is not (README, "Sign-in throttling").
    expect(await codeOf(h.services.auth.login(user.username, "correct horse battery", { ...meta, ip: "192.0.2.99" }))).toBe("THROTTLED");
    expect(await codeOf(h.services.auth.login(user.username, "correct horse battery", { ...meta, ip: "192.0.2.100" }))).toBe("OK");
  });
});
