import { expect, test } from "@playwright/test";
import { adminSession, api, expectFitsWidth, snap, totpCode } from "./support";

/**
 * Nextcloud Login Flow v2 as the desktop and mobile apps start it: the app posts to /index.php/login/v2 and opens the
 * login URL in a browser; Haven's own sign-in (with the second step) comes first, then the grant page names the app;
 * the app's poll then gets a fresh app password, once, which Settings → Security lists under the app's name.
 */

const RUN = Date.now().toString(36);
const PHONE = { width: 375, height: 812 };
const BASE = () => process.env.HAVEN_E2E_URL!;

/** What the app does first: start a flow; returns the login URL and a poll function. */
async function startFlow(userAgent: string) {
  const res = await fetch(`${BASE()}/index.php/login/v2`, { method: "POST", headers: { "User-Agent": userAgent } });
  expect(res.status).toBe(200);
  const flow = (await res.json()) as { poll: { token: string; endpoint: string }; login: string };
  const poll = () => fetch(flow.poll.endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(flow.poll.token)}` });
  return { login: flow.login, poll };
}

test("an account with two-step verification connects the desktop app through sign-in, code and grant", async ({ browser }) => {
  const user = { username: `nc-${RUN}`, password: "nc-password-42" };
  const admin = await adminSession(browser);
  await api(admin.page, "POST", "/api/admin/users", { ...user, displayName: "Nina Nextcloud", role: "user", quota: null });
  await admin.context.close();

  // Nina turns on two-step verification.
  const setup = await browser.newContext();
  const setupPage = await setup.newPage();
  await setupPage.goto("/login");
  await setupPage.locator('input[name="username"]').fill(user.username);
  await setupPage.locator('input[name="password"]').fill(user.password);
  await setupPage.getByTestId("login-submit").click();
  await expect(setupPage).toHaveURL(/\/files$/);
  const { secret } = await api<{ secret: string }>(setupPage, "POST", "/api/me/two-factor");
  await api(setupPage, "POST", "/api/me/two-factor/confirm", { code: totpCode(secret) });
  await setup.close();

  const agent = `Nina's laptop (Nextcloud desktop ${RUN})`;
  const flow = await startFlow(agent);
  expect((await flow.poll()).status).toBe(404);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(flow.login);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("second-factor-code").fill(totpCode(secret, 1));
  await page.getByTestId("second-factor-submit").click();
  await expect(page).toHaveURL(/\/connect\//);
  await expect(page.getByTestId("connect-client")).toHaveText(agent);
  await snap(page, "nextcloud-login-01-grant");
  await page.getByTestId("connect-grant").click();
  await expect(page.getByTestId("connect-done")).toBeVisible();
  await snap(page, "nextcloud-login-02-done");

  const first = await flow.poll();
  expect(first.status).toBe(200);
  const creds = (await first.json()) as { server: string; loginName: string; appPassword: string };
  expect(creds.loginName).toBe(user.username);
  expect((await flow.poll()).status).toBe(404);
  const me = await fetch(`${BASE()}/ocs/v2.php/cloud/user?format=json`, { headers: { "OCS-APIREQUEST": "true", Authorization: `Basic ${Buffer.from(`${creds.loginName}:${creds.appPassword}`).toString("base64")}` } });
  expect(me.status).toBe(200);

  await page.goto("/settings/security");
  await expect(page.getByText(agent)).toBeVisible();
  await context.close();
});

for (const locale of ["en", "zh-CN"] as const) {
  test(`on a phone in ${locale} (dark): the grant page fits and connects`, async ({ browser }) => {
    const { context, page } = await adminSession(browser, { viewport: PHONE, colorScheme: "dark", locale: locale === "en" ? "en-US" : "zh-CN" });
    await context.addCookies([{ name: "haven-locale", value: locale, url: BASE() }]);
    const agent = `Mozilla/5.0 (iOS) Nextcloud-iOS/5.5.0 ${locale} ${RUN}`;
    const flow = await startFlow(agent);
    await page.goto(flow.login);
    await expect(page.getByTestId("connect-client")).toHaveText(agent);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await expectFitsWidth(page);
    await snap(page, `nextcloud-login-phone-${locale}-grant`);
    await page.getByTestId("connect-grant").click();
    await expect(page.getByTestId("connect-done")).toBeVisible();
    await expectFitsWidth(page);
    await snap(page, `nextcloud-login-phone-${locale}-done`);
    expect((await flow.poll()).status).toBe(200);
    // An expired or used link says so.
    await page.goto("/connect/not-a-real-token");
    await expect(page.getByTestId("connect-gone")).toBeVisible();
    await snap(page, `nextcloud-login-phone-${locale}-gone`);
    await context.close();
  });
}
