import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import sharp from "sharp";
import { linkIn, mailCount, readMailDir } from "../test/helpers/smtp";
import { api, snap, waitForListing, submitSignIn, expectFitsWidth, totpCode, ADMIN, adminSession } from "./support";

/**
 * Accounts, second part (issue 10): signed-in browsers with revoke (two browser contexts: the revoked one is signed out
 * on its next navigation), the account picture, two-step verification forced by an admin (enrolment before anything
 * else), sign-up with the activation mail read from the real SMTP server the global setup started, and the new pages on
 * a phone in English and Chinese (dark).
 */

const RUN = Date.now().toString(36);
const SAM = { username: `sam-${RUN}`, displayName: "Sam Sessions", email: `sam-${RUN}@example.com`, password: "sam-password-42" };
const FRED = { username: `fred-${RUN}`, displayName: "Fred Forced", email: `fred-${RUN}@example.com`, password: "fred-password-42" };
const PHONE = { width: 375, height: 812 };
const IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const MAILDIR = () => process.env.HAVEN_E2E_MAILDIR!;





/** Creates an account through the admin API; returns its id. */
async function createUser(admin: Page, user: { username: string; displayName: string; email: string; password: string }): Promise<number> {
  return (await api<{ id: number }>(admin, "POST", "/api/admin/users", { ...user, role: "user", quota: null })).id;
}

/** Goes through the forced enrolment page: QR dialog, code, recovery codes, continue. */
async function enrolForced(page: Page, shot?: string): Promise<void> {
  await page.getByTestId("two-factor-enable").click();
  const dialog = page.getByTestId("two-factor-enrol-dialog");
  await expect(dialog.getByTestId("totp-secret")).not.toBeEmpty();
  const secret = (await dialog.getByTestId("totp-secret").textContent())!.trim();
  await dialog.getByTestId("two-factor-code").fill(totpCode(secret));
  if (shot) await snap(page, shot);
  await dialog.getByTestId("two-factor-confirm").click();
  await expect(page.getByTestId("recovery-code")).toHaveCount(10);
  await page.getByTestId("recovery-codes-done").click();
  await page.getByTestId("two-factor-setup-continue").click();
  await expect(page).toHaveURL(/\/files$/);
}

test.describe.serial("security", () => {
  let admin: { context: BrowserContext; page: Page };
  let samId = 0;
  let fredId = 0;

  test.beforeAll(async ({ browser }) => {
    admin = await adminSession(browser);
    samId = await createUser(admin.page, SAM);
    fredId = await createUser(admin.page, FRED);
  });
  test.afterAll(async () => {
    await admin?.page.request.put("/api/admin/settings/site", { data: { registration: { enabled: false } } });
    await admin?.context.close();
  });

  test("1. sessions: the list marks this browser; revoking the other signs it out on its next navigation", async ({ browser }) => {
    const desk = await browser.newContext();
    const phone = await browser.newContext({ userAgent: IPHONE_UA });
    try {
      const deskPage = await desk.newPage();
      const phonePage = await phone.newPage();
      await submitSignIn(phonePage, SAM.username, SAM.password);
      await expect(phonePage).toHaveURL(/\/files$/);
      await submitSignIn(deskPage, SAM.username, SAM.password);
      await expect(deskPage).toHaveURL(/\/files$/);

      await deskPage.getByTestId("user-menu").click();
      await deskPage.getByTestId("security-settings").click();
      const rows = deskPage.getByTestId("session-row");
      await expect(rows).toHaveCount(2);
      const current = deskPage.locator('[data-testid="session-row"][data-current="true"]');
      await expect(current.getByTestId("session-this-device")).toHaveText("This browser");
      await expect(current.getByTestId("session-device")).toContainText("Chrome");
      const other = deskPage.locator('[data-testid="session-row"][data-current="false"]');
      await expect(other.getByTestId("session-device")).toHaveText("Mobile Safari 17 on iOS 17.5");
      await expect(other).toContainText("127.0.0.1");
      await other.scrollIntoViewIfNeeded();
      await snap(deskPage, "security-01-sessions");

      await other.getByTestId("session-revoke").click();
      await deskPage.getByTestId("session-revoke-confirm").click();
      await expect(deskPage.getByTestId("toast").filter({ hasText: "Browser signed out" })).toBeVisible();
      await expect(rows).toHaveCount(1);

      // The revoked browser: its next navigation lands on the sign-in page, its API calls are refused.
      await phonePage.goto("/files");
      await expect(phonePage).toHaveURL(/\/login/);
      expect((await phonePage.request.get("/api/me")).status()).toBe(401);
      // This browser is still signed in.
      await deskPage.goto("/files");
      await waitForListing(deskPage);

      // Sign out everywhere, this browser included.
      await submitSignIn(phonePage, SAM.username, SAM.password);
      await expect(phonePage).toHaveURL(/\/files$/);
      await deskPage.goto("/settings/security");
      await expect(rows).toHaveCount(2);
      await deskPage.getByTestId("sign-out-all").click();
      await deskPage.getByTestId("session-revoke-confirm").click();
      await expect(deskPage).toHaveURL(/\/login/);
      await phonePage.goto("/files");
      await expect(phonePage).toHaveURL(/\/login/);
    } finally {
      await desk.close();
      await phone.close();
    }
  });

  test("2. avatar: upload on the account page, shown in the menu, served with an ETag; non-images refused; remove", async ({ page }) => {
    await submitSignIn(page, SAM.username, SAM.password);
    await expect(page).toHaveURL(/\/files$/);
    await page.goto("/settings/account");
    const section = page.getByTestId("avatar-section");
    await expect(section.getByTestId("avatar-initials")).toHaveText("S");

    await section.getByTestId("avatar-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
    await expect(page.getByTestId("toast").filter({ hasText: "not a picture Haven can read" })).toBeVisible();

    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 30, g: 120, b: 200 } } }).png().toBuffer();
    await section.getByTestId("avatar-input").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png });
    await expect(page.getByTestId("toast").filter({ hasText: "Picture saved" })).toBeVisible();
    await expect(section.getByTestId("avatar-image")).toBeVisible();
    await expect(page.getByTestId("user-menu").getByTestId("avatar-image")).toBeVisible();
    await snap(page, "security-02-avatar");

    const served = await page.request.get(`/api/users/${samId}/avatar`);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/webp");
    const meta = await sharp(await served.body()).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
    const etag = served.headers()["etag"]!;
    expect((await page.request.get(`/api/users/${samId}/avatar`, { headers: { "If-None-Match": etag } })).status()).toBe(304);
    // Other signed-in users see it; visitors without a session do not.
    expect((await admin.page.request.get(`/api/users/${samId}/avatar`)).status()).toBe(200);
    const anonymous = await page.context().browser()!.newContext();
    expect((await anonymous.request.get(`${process.env.HAVEN_E2E_URL}/api/users/${samId}/avatar`)).status()).toBe(401);
    await anonymous.close();

    await section.getByTestId("avatar-remove").click();
    await expect(section.getByTestId("avatar-initials")).toBeVisible();
    expect((await page.request.get(`/api/users/${samId}/avatar`)).status()).toBe(404);
  });

  test("3. 2FA forced by an admin: after the password the account must enrol before anything else", async ({ page }) => {
    await api(admin.page, "PATCH", `/api/admin/users/${fredId}`, { twoFactorRequired: true });
    await submitSignIn(page, FRED.username, FRED.password);
    await expect(page).toHaveURL(/\/two-factor-setup$/);
    await expect(page.getByTestId("two-factor-setup")).toBeVisible();
    await snap(page, "security-03-forced-enrolment");

    // Nothing else is reachable: pages lead back here, the API refuses, WebDAV refuses the account password.
    await page.goto("/settings/security");
    await expect(page).toHaveURL(/\/two-factor-setup$/);
    expect((await page.request.get("/api/me/app-passwords")).status()).toBe(403);
    expect((await page.request.get("/api/nodes/root")).status()).toBe(403);
    const basic = `Basic ${Buffer.from(`${FRED.username}:${FRED.password}`).toString("base64")}`;
    expect((await page.request.fetch("/dav/", { method: "PROPFIND", headers: { Authorization: basic, Depth: "0" } })).status()).toBe(401);

    await enrolForced(page, "security-04-forced-enrolment-code");
    await waitForListing(page);
    await page.goto("/settings/account");
    await expect(page.getByTestId("two-factor-status")).toHaveText("On");
    // Required: it cannot be turned off.
    await expect(page.getByTestId("two-factor-required")).toHaveText("Required for your account");
    await expect(page.getByTestId("two-factor-disable")).toHaveCount(0);
  });

  test("4. registration: closed → 403 and no link; open → sign up, activate from the mail, sign in", async ({ page }) => {
    await api(admin.page, "PUT", "/api/admin/settings/site", { registration: { enabled: false } });
    expect((await page.request.get("/api/registration")).status()).toBe(403);
    expect((await page.request.post("/api/registration", { data: { username: "x", email: "x@example.com", password: "whatever long" } })).status()).toBe(403);
    expect((await page.request.post("/api/registration/verify", { data: { token: "x".repeat(43) } })).status()).toBe(403);
    await page.goto("/login");
    await expect(page.getByTestId("login-submit")).toBeVisible();
    await expect(page.getByTestId("create-account-link")).toHaveCount(0);

    await api(admin.page, "PUT", "/api/admin/settings/site", { registration: { enabled: true } });
    await page.goto("/login");
    await page.getByTestId("create-account-link").click();
    await expect(page).toHaveURL(/\/register$/);
    const newbie = { username: `nina-${RUN}`, email: `nina-${RUN}@example.com`, password: "nina signs up 42" };
    const form = page.getByTestId("register-form");
    await form.locator('input[name="username"]').fill(newbie.username);
    await form.locator('input[name="email"]').fill(newbie.email);
    await form.locator('input[name="password"]').fill("password1");
    await form.locator('input[name="confirm"]').fill("password1");
    await form.getByTestId("register-submit").click();
    await expect(form.getByTestId("register-error")).toHaveText("That password is one of the most common passwords. Choose another.");
    await form.locator('input[name="password"]').fill(newbie.password);
    await form.locator('input[name="confirm"]').fill(newbie.password);
    await snap(page, "security-05-register");
    const before = await mailCount(MAILDIR());
    await form.getByTestId("register-submit").click();
    await expect(page.getByTestId("register-sent")).toContainText(newbie.email);

    // Not active before the link is used.
    await submitSignIn(page, newbie.username, newbie.password);
    await expect(page.getByTestId("login-error")).toBeVisible();

    const mail = await readMailDir(MAILDIR(), (m) => m.to.includes(newbie.email) && m.subject === "Activate your Haven account", { after: before });
    const link = linkIn(mail.text, "/verify-email/");
    expect(new URL(link).origin).toBe(process.env.HAVEN_E2E_URL);
    await page.goto(link);
    await snap(page, "security-06-activate");
    await page.getByTestId("verify-submit").click();
    await expect(page.getByTestId("verify-done")).toContainText(newbie.username);
    await page.goto(link);
    await page.getByTestId("verify-submit").click();
    await expect(page.getByTestId("verify-gone")).toBeVisible();

    await submitSignIn(page, newbie.username, newbie.password);
    await expect(page).toHaveURL(/\/files$/);
  });

  for (const [locale, colorScheme] of [["en", "dark"], ["zh-CN", "dark"]] as const) {
    test(`5. on a phone in ${locale} (${colorScheme}): the new pages fit`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: PHONE, colorScheme, locale: locale === "en" ? "en-US" : "zh-CN" });
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      const page = await context.newPage();
      try {
        await api(admin.page, "PUT", "/api/admin/settings/site", { registration: { enabled: true } });
        await page.goto("/register");
        await expect(page.getByTestId("register-form")).toBeVisible();
        await expectFitsWidth(page);
        await snap(page, `security-phone-${locale}-register`);

        const forced = { username: `ph-${locale}-${RUN}`.toLowerCase(), displayName: `Phone ${locale}`, email: `ph-${locale}-${RUN}@example.com`, password: "phone-password-42" };
        const id = await createUser(admin.page, forced);
        await api(admin.page, "PATCH", `/api/admin/users/${id}`, { twoFactorRequired: true });
        await submitSignIn(page, forced.username, forced.password);
        await expect(page).toHaveURL(/\/two-factor-setup$/);
        await expectFitsWidth(page);
        await snap(page, `security-phone-${locale}-forced-enrolment`);
        await enrolForced(page);

        await page.goto("/settings/security");
        await expect(page.getByTestId("session-row").first()).toBeVisible();
        await page.getByTestId("sessions-section").scrollIntoViewIfNeeded();
        await expectFitsWidth(page);
        await snap(page, `security-phone-${locale}-sessions`);

        await page.goto("/settings/account");
        const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 220, g: 120, b: 40 } } }).png().toBuffer();
        await page.getByTestId("avatar-input").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png });
        await expect(page.getByTestId("avatar-section").getByTestId("avatar-image")).toBeVisible();
        await page.getByTestId("avatar-section").scrollIntoViewIfNeeded();
        await expectFitsWidth(page);
        await snap(page, `security-phone-${locale}-avatar`);
      } finally {
        await context.close();
      }
    });
  }
});
