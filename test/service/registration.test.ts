import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodemailerMailer } from "@/lib/mail/nodemailer.mailer";
import { codeOf } from "../helpers/errors";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { linkIn, TestSmtpServer } from "../helpers/smtp";

const PROVIDERS = await providers();
const meta = { ip: null, userAgent: null };

describe.each(PROVIDERS)("registration with email verification on %s", (provider) => {
  let h: TestHarness;
  let smtp: TestSmtpServer;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  const clock = new TestClock(new Date());
  let ipCounter = 0;
  const ip = () => `203.0.113.${++ipCounter}`;

  beforeAll(async () => {
    process.env.AUTH_URL = "https://drive.example.com";
    smtp = await TestSmtpServer.start();
    h = await createHarness(provider, { clock, mailer: new NodemailerMailer(async () => smtp.settings()) });
    admin = await makeUser(h.services, { role: "admin" });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  const open = (enabled: boolean) => h.services.settings.setSite(admin.actor, { registration: { enabled } });

  /** The activation token of the mail delivered to `email` (read from the real SMTP server). */
  async function tokenMailedTo(email: string): Promise<string> {
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe("Activate your Haven account");
    const link = linkIn(mail.text, "/verify-email/");
    expect(link.startsWith("https://drive.example.com/verify-email/")).toBe(true);
    return link.split("/verify-email/")[1]!;
  }

  it("is off by default: sign-up and verification are refused", async () => {
    expect(await h.services.settings.registration()).toEqual({ enabled: false });
    expect(await h.services.registration.isOpen()).toBe(false);
    expect(await codeOf(h.services.registration.signUp({ username: `nobody-${provider}`, email: "n@example.com", password: "a long enough phrase" }, { ip: ip() }))).toBe("FORBIDDEN");
    expect(await h.services.uow.repos.users.findByUsername(`nobody-${provider}`)).toBeNull();
    expect(await codeOf(h.services.registration.verify("x".repeat(43), { ip: null }))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.settings.setSite({ userId: 999, role: "user" }, { registration: { enabled: true } }))).toBe("FORBIDDEN");
  });

  it("creates a disabled account, mails a single-use link that activates it", async () => {
    await open(true);
    const username = `newbie-${provider}`;
    const email = `newbie.${provider}@example.com`;
    await h.services.registration.signUp({ username, email, password: "a long enough phrase" }, { ip: ip() });
    const user = (await h.services.uow.repos.users.findByUsername(username))!;
    expect(user).toMatchObject({ disabled: true, email, role: "user" });
    expect(await codeOf(h.services.auth.login(username, "a long enough phrase", meta))).toBe("UNAUTHENTICATED");

    const token = await tokenMailedTo(email);
    // Only the hash is stored.
    expect(await h.services.uow.repos.emailVerifications.findByHash(token)).toBeNull();
    expect(await h.services.registration.verify(token, { ip: null })).toEqual({ username });
    expect((await h.services.uow.repos.users.findByUsername(username))!.disabled).toBe(false);
    expect(await codeOf(h.services.auth.login(username, "a long enough phrase", meta))).toBe("OK");
    expect(await codeOf(h.services.registration.verify(token, { ip: null }))).toBe("GONE");
  });

  it("applies the password policy and username rules, refuses a taken name", async () => {
    await open(true);
    expect(await codeOf(h.services.registration.signUp({ username: `weak-${provider}`, email: "w@example.com", password: "password1" }, { ip: ip() }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.registration.signUp({ username: "-bad name", email: "b@example.com", password: "a long enough phrase" }, { ip: ip() }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.registration.signUp({ username: `mail-${provider}`, email: "not-an-address", password: "a long enough phrase" }, { ip: ip() }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.registration.signUp({ username: admin.user.username, email: "x@example.com", password: "a long enough phrase" }, { ip: ip() }))).toBe("CONFLICT");
  });

  it("an expired link does not activate", async () => {
    await open(true);
    const username = `late-${provider}`;
    const email = `late.${provider}@example.com`;
    await h.services.registration.signUp({ username, email, password: "a long enough phrase" }, { ip: ip() });
    const token = await tokenMailedTo(email);
    clock.advance(24 * 60 * 60 * 1000 + 1);
    expect(await codeOf(h.services.registration.verify(token, { ip: null }))).toBe("GONE");
    expect((await h.services.uow.repos.users.findByUsername(username))!.disabled).toBe(true);
  });

  it("is rate-limited per client address", async () => {
    await open(true);
    const from = "198.51.100.77";
    const results: string[] = [];
    for (let i = 0; i < 7; i++) results.push(await codeOf(h.services.registration.signUp({ username: `flood${i}-${provider}`, email: `flood${i}.${provider}@example.com`, password: "a long enough phrase" }, { ip: from })));
    expect(results.slice(0, 5)).toEqual(["OK", "OK", "OK", "OK", "OK"]);
    expect(results.slice(5)).toEqual(["THROTTLED", "THROTTLED"]);
    expect(await codeOf(h.services.registration.signUp({ username: `other-${provider}`, email: `other.${provider}@example.com`, password: "a long enough phrase" }, { ip: ip() }))).toBe("OK");
  });
});
