import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodemailerMailer } from "@/lib/mail/nodemailer.mailer";
import { codeOf } from "../helpers/errors";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { linkIn, TestSmtpServer } from "../helpers/smtp";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("forgot password and the password policy on %s", (provider) => {
  let h: TestHarness;
  let smtp: TestSmtpServer;
  const clock = new TestClock(new Date());
  let ipCounter = 0;
  /** a fresh client address per request, so the per-IP limit stays out of tests that are not about it */
  const ip = () => `198.51.100.${++ipCounter}`;

  beforeAll(async () => {
    process.env.AUTH_URL = "https://drive.example.com";
    smtp = await TestSmtpServer.start();
    h = await createHarness(provider, { clock, mailer: new NodemailerMailer(async () => smtp.settings()) });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  async function userWithEmail(name: string) {
    const made = await makeUser(h.services, { username: `${name}-${provider}` });
    await h.services.users.update(null, made.user.id, { email: `${name}.${provider}@example.com` });
    return { ...made, email: `${name}.${provider}@example.com` };
  }

  /** The token of the newest reset mail to `email` (read out of a mail the SMTP server received). */
  async function tokenMailedTo(email: string): Promise<string> {
    const mail = await smtp.waitFor((m) => m.to.includes(email) && !used.has(m));
    used.add(mail);
    const link = linkIn(mail.text, "/reset-password/");
    expect(link.startsWith("https://drive.example.com/reset-password/")).toBe(true);
    return link.split("/reset-password/")[1]!;
  }
  const used = new Set<unknown>();

  it("mails a single-use link that sets a new password and ends every session", async () => {
    const { user, email } = await userWithEmail("rose");
    const session = await h.services.auth.login(user.username, "correct horse battery", { ip: null, userAgent: null });
    await h.services.passwordResets.request(user.username, { ip: ip() });
    const token = await tokenMailedTo(email);
    const mail = smtp.messages.find((m) => m.text.includes(token))!;
    expect(mail.subject).toBe("Reset your Haven password");
    expect(await h.services.passwordResets.isUsable(token)).toBe(true);

    // The policy applies, and a refused password does not spend the token.
    expect(await codeOf(h.services.passwordResets.reset(token, "short", { ip: null }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.passwordResets.reset(token, "password1", { ip: null }))).toBe("INVALID_INPUT");
    await h.services.passwordResets.reset(token, "a fresh garden path", { ip: null });

    expect(await h.services.auth.actorForSession(session.sessionId)).toBeNull();
    expect(await codeOf(h.services.auth.login(user.username, "correct horse battery", { ip: null, userAgent: null }))).toBe("UNAUTHENTICATED");
    expect((await h.services.auth.login(user.username, "a fresh garden path", { ip: null, userAgent: null })).user.id).toBe(user.id);
    // Single use.
    expect(await h.services.passwordResets.isUsable(token)).toBe(false);
    expect(await codeOf(h.services.passwordResets.reset(token, "another fresh path", { ip: null }))).toBe("GONE");
    const events = await h.services.uow.repos.audit.recent({ actorId: user.id }, 50);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["password.reset-requested", "password.reset"]));
  });

  it("finds the account by email address too, in any case, and stores only a hash of the token", async () => {
    const { email } = await userWithEmail("iris");
    await h.services.passwordResets.request(email.toUpperCase().replace("EXAMPLE.COM", "example.com"), { ip: ip() });
    await h.services.passwordResets.request(email, { ip: ip() });
    const token = await tokenMailedTo(email);
    const rows = await h.services.uow.transaction(async (repos) => repos.passwordResets.findByHash(token));
    expect(rows).toBeNull();
    expect(await h.services.passwordResets.isUsable(token)).toBe(true);
  });

  it("a link expires after an hour, and a reset retires the account's other links", async () => {
    const { user, email } = await userWithEmail("ivy");
    await h.services.passwordResets.request(user.username, { ip: ip() });
    const old = await tokenMailedTo(email);
    clock.advance(61 * 60 * 1000);
    expect(await codeOf(h.services.passwordResets.reset(old, "a fresh garden path", { ip: null }))).toBe("GONE");

    await h.services.passwordResets.request(user.username, { ip: ip() });
    const first = await tokenMailedTo(email);
    await h.services.passwordResets.request(user.username, { ip: ip() });
    const second = await tokenMailedTo(email);
    expect(first).not.toBe(second);
    await h.services.passwordResets.reset(second, "a fresh garden path", { ip: null });
    expect(await codeOf(h.services.passwordResets.reset(first, "yet another path", { ip: null }))).toBe("GONE");
  });

  it("answers the same for unknown accounts, accounts without email and disabled ones, and mails none of them", async () => {
    const noMail = await makeUser(h.services, { username: `nomail-${provider}` });
    const { user: off, email: offEmail } = await userWithEmail("offline");
    await h.services.users.update(null, off.id, { disabled: true });
    const before = smtp.messages.length;
    for (const who of ["nobody-at-all", "ghost@example.com", noMail.user.username, off.username, offEmail]) {
      expect(await h.services.passwordResets.request(who, { ip: ip() })).toBeUndefined();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.length).toBe(before);
  });

  it("rate-limits requests per IP (THROTTLED) and per account name (silently)", async () => {
    const { user, email } = await userWithEmail("lily");
    const results: string[] = [];
    for (let i = 0; i < 7; i++) results.push(await codeOf(h.services.passwordResets.request(`someone${i}`, { ip: "203.0.113.50" })));
    expect(results.slice(0, 5)).toEqual(["OK", "OK", "OK", "OK", "OK"]);
    expect(results).toContain("THROTTLED");

    const before = smtp.messages.filter((m) => m.to.includes(email)).length;
    for (let i = 0; i < 8; i++) expect(await codeOf(h.services.passwordResets.request(user.username, { ip: ip() }))).toBe("OK");
    await smtp.waitFor((m) => m.to.includes(email) && smtp.messages.filter((x) => x.to.includes(email)).length >= before + 5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Five mails per name and window; the requests past that get the same answer and no mail.
    expect(smtp.messages.filter((m) => m.to.includes(email)).length - before).toBe(5);
  });

  it("the password policy: minimum length from the settings, common passwords refused everywhere", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const { actor } = await makeUser(h.services);
    expect(await h.services.settings.passwordPolicy()).toEqual({ minLength: 8 });
    expect(await codeOf(h.services.users.create(admin.actor, { username: `weak-${provider}`, password: "iloveyou" }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.users.create(admin.actor, { username: `weak-${provider}`, password: "QWERTYUIOP" }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.settings.setPasswordPolicy(actor, { minLength: 12 }))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.settings.setPasswordPolicy(admin.actor, { minLength: 3 }))).toBe("INVALID_INPUT");
    await h.services.settings.setPasswordPolicy(admin.actor, { minLength: 12 });
    expect(await codeOf(h.services.users.create(admin.actor, { username: `eleven-${provider}`, password: "elevenchars" }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.users.create(admin.actor, { username: `twelve-${provider}`, password: "twelve chars" }))).toBe("OK");
    await h.services.settings.setPasswordPolicy(admin.actor, { minLength: 8 });
  });
});
