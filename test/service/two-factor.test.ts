import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();
const PASSWORD = "correct horse battery";

describe.each(PROVIDERS)("two-step verification on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date("2026-03-01T10:00:00Z"));
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  /** The code an authenticator app shows now (or `steps` periods later). */
  const codeFor = (secret: string, steps = 0) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now().getTime() + steps * 30_000 });
  const meta = () => ({ ip: null, userAgent: null });

  async function enrolled() {
    const made = await makeUser(h.services);
    const { secret, uri } = await h.services.twoFactor.begin(made.actor);
    expect(uri).toMatch(new RegExp(`^otpauth://totp/Haven:${made.user.username}\\?`));
    expect(uri).toContain(`secret=${secret}`);
    const { recoveryCodes } = await h.services.twoFactor.confirm(made.actor, codeFor(secret));
    return { ...made, secret, recoveryCodes };
  }

  it("enrols with a QR secret confirmed by a code, and hands out ten recovery codes once", async () => {
    const { actor } = await makeUser(h.services);
    expect(await h.services.twoFactor.status(actor)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    expect(await codeOf(h.services.twoFactor.confirm(actor, "123456"))).toBe("CONFLICT");
    const { secret } = await h.services.twoFactor.begin(actor);
    const wrong = codeFor(secret) === "000000" ? "111111" : "000000";
    expect(await codeOf(h.services.twoFactor.confirm(actor, wrong))).toBe("INVALID_INPUT");
    expect(await h.services.twoFactor.status(actor)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    const { recoveryCodes } = await h.services.twoFactor.confirm(actor, codeFor(secret));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await h.services.twoFactor.status(actor)).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect(await codeOf(h.services.twoFactor.begin(actor))).toBe("CONFLICT");
    // Only hashes are stored.
    const stored = JSON.stringify(await h.services.uow.repos.twoFactor.find(actor.userId));
    for (const code of recoveryCodes) expect(stored).not.toContain(code);
  });

  it("sign-in asks for the code after the password; a code works once, a wrong one is refused", async () => {
    const { user, secret } = await enrolled();
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta()))).toBe("SECOND_FACTOR_REQUIRED");
    expect(await codeOf(h.services.auth.login(user.username, "wrong password", meta(), codeFor(secret, 1)))).toBe("UNAUTHENTICATED");
    // The enrolment's code is spent already.
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), codeFor(secret)))).toBe("UNAUTHENTICATED");
    clock.advance(30_000);
    const code = codeFor(secret);
    const { sessionId } = await h.services.auth.login(user.username, PASSWORD, meta(), code);
    expect((await h.services.auth.actorForSession(sessionId))?.userId).toBe(user.id);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), code))).toBe("UNAUTHENTICATED");
    // A phone a step behind still works; two steps is too far.
    clock.advance(30_000);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), codeFor(secret, -3)))).toBe("UNAUTHENTICATED");
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), codeFor(secret, 1)))).toBe("OK");
  });

  it("a recovery code signs in once", async () => {
    const { user, actor, recoveryCodes } = await enrolled();
    const [first, second] = recoveryCodes;
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), first!.toUpperCase().replace("-", " ")))).toBe("OK");
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), first))).toBe("UNAUTHENTICATED");
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), second))).toBe("OK");
    expect((await h.services.twoFactor.status(actor)).recoveryCodesLeft).toBe(8);
  });

  it("wrong codes count toward the throttle even though the password is right every time", async () => {
    const { user, secret } = await enrolled();
    const guesser = { ip: "192.0.2.7", userAgent: null };
    const results: string[] = [];
    for (let i = 0; i < 8; i++) results.push(await codeOf(h.services.auth.login(user.username, PASSWORD, guesser, String(100000 + i))));
    expect(results).toContain("THROTTLED");
    // The guessing client is locked out even with the right code; the owner on another address is not.
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, guesser, codeFor(secret, 1)))).toBe("THROTTLED");
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, { ip: "192.0.2.200", userAgent: null }, codeFor(secret, 1)))).toBe("OK");
  });

  it("wrong codes from many addresses hit the account-wide second-factor limit", async () => {
    const { user, secret } = await enrolled();
    const results: string[] = [];
    for (let i = 0; i < 24; i++) results.push(await codeOf(h.services.auth.login(user.username, PASSWORD, { ip: `198.51.100.${i}`, userAgent: null }, String(200000 + i))));
    expect(results.slice(0, 20)).not.toContain("THROTTLED");
    // Past the account-wide limit no address gets a guess in, not even one without failures of its own.
    expect(results.slice(20)).toEqual(["THROTTLED", "THROTTLED", "THROTTLED", "THROTTLED"]);
    clock.advance(30 * 60_000);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), codeFor(secret)))).toBe("OK");
  });

  it("WebDAV Basic refuses the account password while 2FA is on (even a remembered one); app passwords keep working", async () => {
    const { user, actor } = await makeUser(h.services);
    const app = await h.services.appPasswords.create(actor, user.id, { name: "rclone" });
    expect((await h.services.appPasswords.authenticate(user.username, PASSWORD, null)).userId).toBe(user.id);

    const { secret } = await h.services.twoFactor.begin(actor);
    const { recoveryCodes } = await h.services.twoFactor.confirm(actor, codeFor(secret));
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, PASSWORD, null))).toBe("UNAUTHENTICATED");
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, PASSWORD, null))).toBe("UNAUTHENTICATED");
    expect((await h.services.appPasswords.authenticate(user.username, app.password, null)).appPasswordId).toBe(app.appPassword.id);

    // Turning it off needs the password and a code; then the account password works over Basic again.
    expect(await codeOf(h.services.accounts.disableTwoFactor(actor, { password: "wrong password", code: recoveryCodes[0]! }))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.accounts.disableTwoFactor(actor, { password: PASSWORD, code: "nope-nope" }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(h.services.accounts.disableTwoFactor(actor, { password: PASSWORD, code: recoveryCodes[0]! }))).toBe("OK");
    expect(await h.services.twoFactor.status(actor)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta()))).toBe("OK");
    expect((await h.services.appPasswords.authenticate(user.username, PASSWORD, null)).userId).toBe(user.id);
  });

  it("keeps the TOTP secret encrypted in the database row, and codes still verify", async () => {
    const { user, secret } = await enrolled();
    const row = await h.services.uow.repos.twoFactor.find(user.id);
    expect(row!.secret.startsWith("v1:")).toBe(true);
    expect(row!.secret).not.toContain(secret);
    clock.advance(30_000);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), codeFor(secret)))).toBe("OK");
  });

  it("a secret stored in clear (before encryption) still verifies and is sealed on that first read", async () => {
    const { user, secret } = await enrolled();
    // As an older version stored it.
    const sealed = (await h.services.uow.repos.twoFactor.find(user.id))!.secret;
    await h.services.uow.repos.twoFactor.replaceSecret(user.id, sealed, secret);
    expect((await h.services.uow.repos.twoFactor.find(user.id))!.secret).toBe(secret);
    clock.advance(30_000);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), codeFor(secret)))).toBe("OK");
    const migrated = (await h.services.uow.repos.twoFactor.find(user.id))!.secret;
    expect(migrated.startsWith("v1:")).toBe(true);
    clock.advance(30_000);
    expect(await codeOf(h.services.auth.login(user.username, PASSWORD, meta(), codeFor(secret)))).toBe("OK");
  });

  it("2FA forced on a user: after the password the session may only enrol; the account password is refused over WebDAV, app passwords work", async () => {
    const { user, actor } = await makeUser(h.services);
    const app = await h.services.appPasswords.create(actor, user.id, { name: "sync" });
    const admin = await makeUser(h.services, { role: "admin" });
    expect(await codeOf(h.services.users.update(actor, user.id, { twoFactorRequired: true }))).toBe("FORBIDDEN");
    await h.services.users.update(admin.actor, user.id, { twoFactorRequired: true });

    const { sessionId } = await h.services.auth.login(user.username, PASSWORD, meta());
    expect((await h.services.auth.actorForSession(sessionId))?.mustEnrolTwoFactor).toBe(true);
    expect((await h.services.twoFactor.status(actor)).required).toBe(true);
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, PASSWORD, null))).toBe("UNAUTHENTICATED");
    expect((await h.services.appPasswords.authenticate(user.username, app.password, null)).userId).toBe(user.id);

    const { secret } = await h.services.twoFactor.begin(actor);
    const { recoveryCodes } = await h.services.twoFactor.confirm(actor, codeFor(secret));
    expect((await h.services.auth.actorForSession(sessionId))?.mustEnrolTwoFactor).toBe(false);
    // Required means it cannot be turned off again.
    expect(await codeOf(h.services.accounts.disableTwoFactor(actor, { password: PASSWORD, code: recoveryCodes[0]! }))).toBe("FORBIDDEN");
    expect(await h.services.twoFactor.isEnabled(user.id)).toBe(true);
  });

  it("2FA required by the site policy applies to every account without it until each enrols", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const { user, actor } = await makeUser(h.services);
    const before = await h.services.auth.login(user.username, PASSWORD, meta());
    expect((await h.services.auth.actorForSession(before.sessionId))?.mustEnrolTwoFactor).toBe(false);
    expect(await codeOf(h.services.settings.setSite(actor, { twoFactorPolicy: { required: true } }))).toBe("FORBIDDEN");
    await h.services.settings.setSite(admin.actor, { twoFactorPolicy: { required: true } });
    try {
      expect(await h.services.settings.twoFactorPolicy()).toEqual({ required: true });
      // Sessions opened before the policy are restricted from their next request on, as are new ones.
      expect((await h.services.auth.actorForSession(before.sessionId))?.mustEnrolTwoFactor).toBe(true);
      const after = await h.services.auth.login(user.username, PASSWORD, meta());
      expect((await h.services.auth.actorForSession(after.sessionId))?.mustEnrolTwoFactor).toBe(true);
      const { secret } = await h.services.twoFactor.begin(actor);
      await h.services.twoFactor.confirm(actor, codeFor(secret));
      expect((await h.services.auth.actorForSession(after.sessionId))?.mustEnrolTwoFactor).toBe(false);
    } finally {
      await h.services.settings.setSite(admin.actor, { twoFactorPolicy: { required: false } });
    }
  });
});
