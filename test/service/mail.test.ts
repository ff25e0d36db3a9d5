import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpFromEnv } from "@/lib/mail/smtp-config";
import { NodemailerMailer } from "@/lib/mail/nodemailer.mailer";
import { MailService } from "@/lib/services/mail.service";
import { codeOf } from "../helpers/errors";
import { makeUser } from "../helpers/factories";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { TestSmtpServer } from "../helpers/smtp";

const PROVIDERS = await providers();

describe("the SMTP mailer against a real SMTP server", () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start({ auth: { user: "haven", pass: "smtp-secret" } });
  });
  afterAll(async () => smtp?.close());

  it("delivers a message configured from HAVEN_SMTP_* with authentication", async () => {
    const settings = smtpFromEnv(smtp.env("Haven <noreply@haven.test>"));
    const mailer = new NodemailerMailer(async () => settings);
    await mailer.send({ to: "ann@example.com", subject: "Hello 你好", text: "Line one\nhttps://haven.test/x\n" });
    const mail = await smtp.waitFor((m) => m.subject === "Hello 你好");
    expect(mail.to).toEqual(["ann@example.com"]);
    expect(mail.from).toBe("Haven <noreply@haven.test>");
    expect(mail.text).toContain("https://haven.test/x");
  });

  it("reads HAVEN_SMTP_URL and the separate variables; nothing set means mail is off", () => {
    expect(smtpFromEnv({})).toBeNull();
    expect(smtpFromEnv({ HAVEN_SMTP_URL: "smtps://u:p@mail.example.com:465" })).toMatchObject({ url: "smtps://u:p@mail.example.com:465" });
    expect(smtpFromEnv({ HAVEN_SMTP_HOST: "mail.example.com", HAVEN_SMTP_SECURE: "true", HAVEN_SMTP_PORT: "465" })).toMatchObject({ host: "mail.example.com", secure: true, port: 465 });
    expect(() => smtpFromEnv({ HAVEN_SMTP_HOST: "x", HAVEN_SMTP_PORT: "http" })).toThrow(/HAVEN_SMTP_PORT/);
  });

  it("a refusal (wrong SMTP password) and a missing configuration are UNAVAILABLE", async () => {
    const wrong = new NodemailerMailer(async () => ({ ...smtp.settings(), pass: "nope" }));
    expect(await codeOf(wrong.send({ to: "a@example.com", subject: "x", text: "x" }))).toBe("UNAVAILABLE");
    const off = new NodemailerMailer(async () => null);
    expect(await codeOf(off.send({ to: "a@example.com", subject: "x", text: "x" }))).toBe("UNAVAILABLE");
  });
});

describe.each(PROVIDERS)("mail settings on %s", (provider) => {
  let h: TestHarness;
  let envServer: TestSmtpServer;
  let adminServer: TestSmtpServer;
  /** the mail service as if HAVEN_SMTP_* pointed at envServer */
  let mail: MailService;
  beforeAll(async () => {
    envServer = await TestSmtpServer.start();
    adminServer = await TestSmtpServer.start({ auth: { user: "admin", pass: "pw" } });
    h = await createHarness(provider);
    mail = new MailService(h.services.uow, envServer.settings(), h.services.audit);
  });
  afterAll(async () => {
    await h?.close();
    await envServer?.close();
    await adminServer?.close();
  });

  it("the test mail goes through the environment's server until the admin stores settings, which then win", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const user = await makeUser(h.services);
    expect(await codeOf(mail.sendTest(user.actor, "x@example.com"))).toBe("FORBIDDEN");
    expect(await codeOf(mail.view(user.actor))).toBe("FORBIDDEN");
    expect(await mail.view(admin.actor)).toMatchObject({ source: "env", hasPassword: false });

    await mail.sendTest(admin.actor, "ops@example.com");
    expect((await envServer.waitFor((m) => m.to.includes("ops@example.com"))).subject).toBe("Haven test mail");

    const view = await mail.save(admin.actor, { ...adminServer.settings(), pass: "pw" });
    expect(view).toMatchObject({ source: "settings", hasPassword: true, settings: { host: "127.0.0.1", port: adminServer.port, user: "admin" } });
    expect(JSON.stringify(view)).not.toContain('"pw"');
    await mail.sendTest(admin.actor, "second@example.com");
    await adminServer.waitFor((m) => m.to.includes("second@example.com"));
    expect(envServer.messages.some((m) => m.to.includes("second@example.com"))).toBe(false);

    // Saving without a password keeps the stored one; clearing returns to the environment.
    await mail.save(admin.actor, { ...adminServer.settings(), from: "Ops <ops@haven.test>" });
    await mail.sendTest(admin.actor, "third@example.com");
    expect((await adminServer.waitFor((m) => m.to.includes("third@example.com"))).from).toBe("Ops <ops@haven.test>");
    expect(await mail.save(admin.actor, null)).toMatchObject({ source: "env" });
    expect(await codeOf(mail.save(admin.actor, { host: "", from: "x@y" }))).toBe("INVALID_INPUT");
  });

  it("with nothing configured, mail is off and the test mail says so", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    expect(await h.services.mail.view(admin.actor)).toEqual({ source: "none", settings: null, hasPassword: false });
    expect(await codeOf(h.services.mail.sendTest(admin.actor, "x@example.com"))).toBe("UNAVAILABLE");
  });
});
