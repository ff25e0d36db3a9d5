import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { linkIn, mailCount, readMailDir } from "../test/helpers/smtp";
import { api, snap, waitForListing, submitSignIn, expectFitsWidth, totpCode, ADMIN, adminSession } from "./support";

/**
 * Accounts (issue 10): forgot password through the real SMTP server that the global setup started (the mail is read
 * from its folder and the link followed), two-step verification enrolled on the account page and used to sign in with
 * a code and with a recovery code, and the new pages on a phone in English and Chinese.
 * Works after the newcomer spec (setup done) or alone (it does the setup itself).
 */

const RUN = Date.now().toString(36);
const ROSE = { username: `rose-${RUN}`, displayName: "Rose Reset", email: `rose-${RUN}@example.com`, password: "rose-password-42" };
const TOM = { username: `tom-${RUN}`, displayName: "Tom Totp", email: `tom-${RUN}@example.com`, password: "tom-password-42" };
const PHONE = { width: 375, height: 812 };

const MAILDIR = () => process.env.HAVEN_E2E_MAILDIR!;



async function expectDrive(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/files$/);
  await waitForListing(page);
}



test.describe.serial("accounts", () => {
  let secret = "";
  let recoveryCodes: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const admin = await adminSession(browser);
    for (const user of [ROSE, TOM]) await api(admin.page, "POST", "/api/admin/users", { ...user, role: "user", quota: null });
    await admin.context.close();
  });

  test("1. forgot password: the mail from the real SMTP server carries a one-time link that sets a new password", async ({ page }) => {
    await page.goto("/login");
    await page.getByTestId("forgot-password-link").click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await page.getByLabel("Username or email").fill(ROSE.email);
    await snap(page, "accounts-01-forgot-password");
    const before = await mailCount(MAILDIR());
    await page.getByTestId("forgot-submit").click();
    await expect(page.getByTestId("reset-sent")).toContainText("If an account matches");

    // An unknown name gets the very same answer.
    const unknown = await page.request.post("/api/password-reset/request", { data: { identifier: `nobody-${RUN}` } });
    expect(unknown.status()).toBe(202);
    expect(await unknown.json()).toEqual({ accepted: true });

    const mail = await readMailDir(MAILDIR(), (m) => m.to.includes(ROSE.email) && m.subject === "Reset your Haven password", { after: before });
    const link = linkIn(mail.text, "/reset-password/");
    expect(new URL(link).origin).toBe(process.env.HAVEN_E2E_URL);
    await page.goto(link);
    const form = page.getByTestId("reset-form");
    await form.getByLabel("New password").fill("password1");
    await form.getByLabel("Confirm password").fill("password1");
    await form.getByTestId("reset-submit").click();
    await expect(form.getByRole("alert")).toHaveText("That password is one of the most common passwords. Choose another.");
    const fresh = "a new rose garden 7";
    await form.getByLabel("New password").fill(fresh);
    await form.getByLabel("Confirm password").fill(fresh);
    await snap(page, "accounts-02-reset-password");
    await form.getByTestId("reset-submit").click();
    await expect(page.getByTestId("reset-done")).toBeVisible();

    // The link worked once.
    await page.goto(link);
    await expect(page.getByTestId("reset-gone")).toBeVisible();

    await submitSignIn(page, ROSE.username, ROSE.password);
    await expect(page.getByTestId("login-error")).toHaveText("Wrong username or password.");
    await submitSignIn(page, ROSE.username, fresh);
    await expectDrive(page);
    ROSE.password = fresh;
  });

  test("2. two-step verification: enrol on the account page, then sign in with a code and with a recovery code", async ({ page }) => {
    await submitSignIn(page, TOM.username, TOM.password);
    await expectDrive(page);
    await page.getByTestId("user-menu").click();
    await page.getByTestId("account-settings").click();
    await expect(page).toHaveURL(/\/settings\/account$/);
    await expect(page.getByTestId("two-factor-status")).toHaveText("Off");
    await snap(page, "accounts-03-account-page");

    await page.getByTestId("two-factor-enable").click();
    const dialog = page.getByTestId("two-factor-enrol-dialog");
    await expect(dialog.getByTestId("totp-secret")).not.toBeEmpty();
    await expect(dialog.getByRole("img", { name: "Set up two-step verification" })).toBeVisible();
    secret = (await dialog.getByTestId("totp-secret").textContent())!.trim();
    await dialog.getByTestId("two-factor-code").fill("000000" === totpCode(secret) ? "111111" : "000000");
    await dialog.getByTestId("two-factor-confirm").click();
    await expect(dialog.getByRole("alert")).toHaveText("That code is not right. Check the time on your phone and try again.");
    await dialog.getByTestId("two-factor-code").fill(totpCode(secret));
    await snap(page, "accounts-04-two-factor-enrol");
    await dialog.getByTestId("two-factor-confirm").click();

    const codes = page.getByTestId("recovery-codes-dialog");
    await expect(codes.getByTestId("recovery-code")).toHaveCount(10);
    recoveryCodes = (await codes.getByTestId("recovery-code").allTextContents()).map((c) => c.trim());
    await snap(page, "accounts-05-recovery-codes");
    await codes.getByTestId("recovery-codes-done").click();
    await expect(page.getByTestId("two-factor-status")).toHaveText("On");
    await expect(page.getByTestId("recovery-left")).toHaveText("10 recovery codes left");

    // WebDAV Basic with the account password is refused now.
    const basic = `Basic ${Buffer.from(`${TOM.username}:${TOM.password}`).toString("base64")}`;
    const dav = await page.request.fetch("/dav/", { method: "PROPFIND", headers: { Authorization: basic, Depth: "0" } });
    expect(dav.status()).toBe(401);

    // Sign in again: the password, then a code.
    await page.context().clearCookies();
    await submitSignIn(page, TOM.username, TOM.password);
    const step = page.getByTestId("second-factor-form");
    await expect(step).toBeVisible();
    await step.getByTestId("second-factor-code").fill("123456" === totpCode(secret, 1) ? "654321" : "123456");
    await step.getByTestId("second-factor-submit").click();
    await expect(step.getByTestId("login-error")).toHaveText("That code is not right.");
    await step.getByTestId("second-factor-code").fill(totpCode(secret, 1));
    await step.getByTestId("second-factor-submit").click();
    await expectDrive(page);

    // And with a recovery code, which then is spent.
    await page.context().clearCookies();
    await submitSignIn(page, TOM.username, TOM.password);
    await page.getByTestId("second-factor-switch").click();
    await expect(step.getByLabel("Recovery code")).toBeVisible();
    await step.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await step.getByTestId("second-factor-submit").click();
    await expectDrive(page);
    await page.goto("/settings/account");
    await expect(page.getByTestId("recovery-left")).toHaveText("9 recovery codes left");
  });

  for (const [locale, colorScheme] of [["en", "light"], ["zh-CN", "dark"]] as const) {
    test(`3. on a phone in ${locale} (${colorScheme}): the new pages fit`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: PHONE, colorScheme, locale: locale === "en" ? "en-US" : "zh-CN" });
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      const page = await context.newPage();
      try {
        await page.goto("/forgot-password");
        await expect(page.getByTestId("forgot-form")).toBeVisible();
        await expectFitsWidth(page);
        await snap(page, `accounts-phone-${locale}-forgot-password`);

        const before = await mailCount(MAILDIR());
        expect((await page.request.post("/api/password-reset/request", { data: { identifier: ROSE.username } })).status()).toBe(202);
        const mail = await readMailDir(MAILDIR(), (m) => m.to.includes(ROSE.email), { after: before });
        await page.goto(linkIn(mail.text, "/reset-password/"));
        await expect(page.getByTestId("reset-form")).toBeVisible();
        await expectFitsWidth(page);
        await snap(page, `accounts-phone-${locale}-reset-password`);

        await submitSignIn(page, TOM.username, TOM.password);
        await expect(page.getByTestId("second-factor-form")).toBeVisible();
        await expectFitsWidth(page);
        await snap(page, `accounts-phone-${locale}-second-factor`);

        await submitSignIn(page, ROSE.username, ROSE.password);
        await expect(page).toHaveURL(/\/files$/);
        await page.goto("/settings/account");
        await expect(page.getByTestId("two-factor-status")).toBeVisible();
        await expectFitsWidth(page);
        await snap(page, `accounts-phone-${locale}-account`);
        await page.getByTestId("password-section").scrollIntoViewIfNeeded();
        await snap(page, `accounts-phone-${locale}-account-password`);
        await page.getByTestId("two-factor-enable").click();
        await expect(page.getByTestId("totp-secret")).not.toBeEmpty();
        await expectFitsWidth(page);
        await snap(page, `accounts-phone-${locale}-two-factor-enrol`);
      } finally {
        await context.close();
      }
    });
  }
});
