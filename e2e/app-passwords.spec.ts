import { expect, test, type Page } from "@playwright/test";
import { DavClient, hrefs } from "../test/webdav/dav-client";
import { api, dismissToasts, snap, storageStatePath } from "./support";

/**
 * Settings → Security: the admin (signed in by newcomer.spec.ts, which this project depends on) creates an app
 * password limited to one folder, uses it with real WebDAV requests, sees "last used", then revokes it and is refused.
 */

test.use({ storageState: async ({}, use) => use(storageStatePath("admin")) });

const BASE = () => process.env.HAVEN_E2E_URL!;

const GETETAG = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>';

async function openSecurityFromMenu(page: Page): Promise<void> {
  await page.goto("/files");
  await page.getByTestId("user-menu").click();
  await page.getByTestId("security-settings").click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByRole("heading", { name: "App passwords", exact: true })).toBeVisible();
}

test("an app password limited to a folder: create, use over WebDAV, revoke", async ({ page }) => {
  const suffix = test.info().retry ? `-r${test.info().retry}` : "";
  const folderName = `Phone uploads${suffix}`;
  const label = `My phone${suffix}`;
  const me = await api<{ username: string; space: { rootId: number } }>(page, "GET", "/api/me");
  const folder = await api<{ id: number }>(page, "POST", `/api/nodes/${me.space.rootId}/children`, { name: folderName });
  await api(page, "POST", `/api/nodes/${me.space.rootId}/children`, { name: `Private${suffix}` });

  await openSecurityFromMenu(page);
  await snap(page, "app-passwords-01-page");
  await page.getByTestId("create-app-password-button").click();
  const dialog = page.getByRole("dialog", { name: "New app password" });
  await expect(dialog).toBeVisible();
  // A name is required.
  await dialog.getByTestId("create-app-password-submit").click();
  await expect(dialog.getByRole("alert")).toHaveText("Give the app password a name.");
  await dialog.getByLabel("Name").fill(label);
  await expect(dialog.getByTestId("app-password-folder")).toHaveText("All files");
  await dialog.getByTestId("app-password-choose-folder").click();

  const picker = page.getByTestId("folder-picker");
  await expect(picker).toBeVisible();
  await picker.locator(`[data-testid="picker-folder"][data-name="${folderName}"]`).click();
  await expect(picker.getByTestId("picker-crumb").last()).toHaveText(folderName);
  await picker.getByTestId("picker-confirm").click();
  await expect(picker).toBeHidden();
  await expect(dialog.getByTestId("app-password-folder")).toHaveText(folderName);
  await snap(page, "app-passwords-02-create-dialog");
  await dialog.getByTestId("create-app-password-submit").click();

  const secretDialog = page.getByTestId("app-password-secret-dialog");
  await expect(secretDialog).toBeVisible();
  const secret = (await secretDialog.getByTestId("app-password-secret").textContent())!.trim();
  expect(secret).toMatch(/^hp-[0-9a-f]{16}-[A-Za-z0-9_-]{32}$/);
  await expect(secretDialog.getByTestId("app-password-dav-url")).toHaveText(`${BASE()}/dav/`);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await secretDialog.getByTestId("app-password-copy").click();
  await expect(secretDialog.getByTestId("app-password-copy")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await snap(page, "app-passwords-03-secret-shown-once");
  await secretDialog.getByTestId("app-password-done").click();
  await expect(secretDialog).toBeHidden();

  const row = page.locator(`[data-testid="app-password-row"][data-name="${label}"]`);
  await expect(row.getByTestId("app-password-access")).toHaveText(`Read and write · /${folderName}`);
  await expect(row.getByTestId("app-password-last-used")).toHaveText("Never");
  // The secret is nowhere on the page any more.
  await expect(page.getByText(secret)).toHaveCount(0);

  // Real WebDAV with it: the folder is the root, a PUT lands in it, and nothing outside it is visible.
  const dav = new DavClient(BASE(), { username: me.username, password: secret });
  expect((await dav.put("/dav/from-phone.txt", "sent from the phone\n")).status).toBe(201);
  const listing = await dav.propfind("/dav/", "1", GETETAG);
  expect(listing.status).toBe(207);
  expect(hrefs(listing.text).sort()).toEqual(["/dav/", "/dav/from-phone.txt"]);
  expect((await dav.propfind(`/dav/${encodeURIComponent(`Private${suffix}`)}/`, "1", GETETAG)).status).toBe(404);
  const children = await api<{ items: Array<{ name: string }> }>(page, "GET", `/api/nodes/${folder.id}/children`);
  expect(children.items.map((i) => i.name)).toEqual(["from-phone.txt"]);

  await page.reload();
  await expect(row.getByTestId("app-password-last-used")).not.toHaveText("Never");

  await row.getByTestId("app-password-revoke").click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText(`Revoke “${label}”?`);
  await snap(page, "app-passwords-04-revoke-confirm");
  await confirm.getByTestId("app-password-revoke-confirm").click();
  await expect(row).toHaveCount(0);
  await dismissToasts(page);
  await snap(page, "app-passwords-05-after-revoke");

  const refused = await dav.propfind("/dav/", "0");
  expect(refused.status).toBe(401);
  expect(refused.headers.get("www-authenticate")).toContain('Basic realm="Haven"');
});

test("Settings → Security in Chinese", async ({ page }) => {
  await page.goto("/settings/security");
  await page.getByTestId("user-menu").click();
  await page.getByTestId("locale-zh-CN").click();
  await expect(page.getByRole("heading", { name: "应用密码", exact: true })).toBeVisible();
  await expect(page.getByTestId("create-app-password-button")).toHaveText("新建应用密码");
  await snap(page, "app-passwords-06-zh-CN");
  await page.getByTestId("user-menu").click();
  await page.getByTestId("locale-en").click();
  await expect(page.getByRole("heading", { name: "App passwords", exact: true })).toBeVisible();
});
