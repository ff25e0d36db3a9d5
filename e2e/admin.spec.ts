import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { readFile } from "node:fs/promises";
import { snap, waitForListing, submitSignIn, ADMIN, adminSession } from "./support";

/**
 * Admin dashboard (issue 10): the overview's upload chart counts a file uploaded today, the users list searches on
 * the server and deletes with a transfer, the audit log exports CSV, and every admin page on a phone in English and
 * Chinese, dark. Works after the other specs (setup done) or alone (it does the setup itself).
 */

const RUN = Date.now().toString(36);
const PHONE = { width: 375, height: 812 };
const PAGES = ["", "/users", "/storage", "/jobs", "/audit", "/settings"] as const;

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await submitSignIn(page, username, password);
  await expect(page).toHaveURL(/\/files$/);
  await waitForListing(page);
}


async function todayUploads(page: Page): Promise<number> {
  const res = await page.request.get("/api/admin/overview");
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { days: { uploads: number }[] }).days.at(-1)!.uploads;
}

test.describe.serial("admin dashboard", () => {
  test("1. the overview's chart counts today's upload", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      const before = await todayUploads(page);
      const basic = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`;
      const put = await page.request.put(`/dav/admin-chart-${RUN}.txt`, { headers: { authorization: basic, "content-type": "text/plain" }, data: Buffer.from("counted today") });
      expect(put.status()).toBe(201);
      await page.goto("/admin");
      // A loaded CI machine may take a while to boot the page's scripts (the chart library is the biggest part).
      await expect(page.getByTestId("admin-overview")).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId("today-uploads")).toHaveText(String(before + 1));
      await expect(page.getByTestId("uploads-chart")).toHaveAttribute("data-today", String(before + 1));
      // recharts drew a bar for today
      await expect(page.getByTestId("uploads-chart").locator(".recharts-bar-rectangle").last()).toBeVisible();
      await snap(page, "admin-01-overview");
    } finally {
      await context.close();
    }
  });

  test("2. users: server-side search, edit, force 2FA, delete with transfer", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      const names = [`zed-${RUN}`, `heir-${RUN}`];
      for (const username of names) {
        const res = await page.request.post("/api/admin/users", { data: { username, password: "user-password-42", displayName: username.toUpperCase() } });
        expect(res.status(), await res.text()).toBe(201);
      }
      await page.goto("/admin/users");
      await expect(page.getByTestId("users-table")).toBeVisible({ timeout: 60_000 });
      await page.getByTestId("users-search").fill(`ZED-${RUN}`);
      await expect(page.getByTestId("user-row")).toHaveCount(1);
      const row = page.locator(`[data-testid="user-row"][data-username="zed-${RUN}"]`);
      await row.getByTestId("user-actions").click();
      await page.getByTestId("user-toggle-2fa").click();
      await expect(row.getByTestId("user-2fa-required")).toBeVisible();
      await row.getByTestId("user-actions").click();
      await page.getByTestId("user-delete").click();
      await page.getByTestId("delete-transfer-to").fill(`heir-${RUN}`);
      await snap(page, "admin-02-delete-user");
      await page.getByTestId("delete-user-confirm").click();
      await expect(page.getByTestId("user-row")).toHaveCount(0);
      const left = await page.request.get(`/api/admin/users?q=zed-${RUN}`);
      expect(((await left.json()) as { total: number }).total).toBe(0);
    } finally {
      await context.close();
    }
  });

  test("3. the audit log filters and exports CSV", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      await page.goto("/admin/audit");
      await expect(page.getByTestId("audit-filter")).toBeVisible({ timeout: 60_000 });
      await page.getByTestId("audit-action").fill("user.delete");
      await page.getByTestId("audit-apply").click();
      await expect(page.getByTestId("audit-row").first()).toContainText("user.delete");
      const download = page.waitForEvent("download");
      await page.getByTestId("audit-export").click();
      const file = await (await download).path();
      const rows = parse(await readFile(file!, "utf8")) as string[][];
      expect(rows[0]).toEqual(["id", "time", "actor", "ip", "action", "target type", "target id", "details"]);
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.slice(1).every((r) => r[4] === "user.delete")).toBe(true);
      const deleted = rows.slice(1).find((r) => r[7]!.includes(`zed-${RUN}`));
      expect(deleted?.[2]).toBe(ADMIN.username);
      expect(JSON.parse(deleted![7]!)).toMatchObject({ username: `zed-${RUN}`, mode: "transfer" });
    } finally {
      await context.close();
    }
  });

  for (const locale of ["en", "zh-CN"] as const) {
    test(`4. every admin page on a phone in ${locale}, dark`, async ({ browser }) => {
      const { context, page } = await adminSession(browser, { viewport: PHONE, colorScheme: "dark", locale: locale === "en" ? "en-US" : "zh-CN" });
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      try {
        for (const path of PAGES) {
          await page.goto(`/admin${path}`);
          await expect(page.getByTestId("error-state")).toHaveCount(0);
          await expect(page.locator("h1").first()).toBeVisible();
          await page.waitForLoadState("networkidle");
          await expect(page.getByTestId("loading")).toHaveCount(0, { timeout: 60_000 });
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, `/admin${path} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
          await snap(page, `admin-phone-${locale}-${path.slice(1) || "overview"}`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
