import { expect, test, type Browser, type Page } from "@playwright/test";
import { adminSession, api, contextMenu, dismissToasts, expectFitsWidth, openFolder, row, signIn, snap, waitForListing } from "./support";

/**
 * Trash and versions (issue 12) and team deletion with transfer (issue 10): delete an old version from the details
 * panel; restore trash entries whose folder is gone into a chosen folder, in one go; delete an entry forever; delete a
 * team keeping its files; the new dialogs and marks on a phone in English and Chinese, dark.
 */

const RUN = Date.now().toString(36);
const PHONE = { width: 375, height: 812 };

/** A fresh account (made by the admin), seeded over WebDAV with its own password. */
async function freshUser(browser: Browser, name: string) {
  const user = { username: `${name}-${RUN}`, displayName: `${name} ${RUN}`, password: `${name}-password-42` };
  const admin = await adminSession(browser);
  await api(admin.page, "POST", "/api/admin/users", user);
  await admin.context.close();
  const basic = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`;
  const dav = async (page: Page, method: string, path: string, data?: string) => {
    const res = await page.request.fetch(`/dav/${path}`, { method, data, headers: { authorization: basic } });
    expect(res.status(), `${method} ${path}`).toBeLessThan(300);
    return Number.parseInt(res.headers()["oc-fileid"] ?? "", 10);
  };
  return { user, dav };
}

test.describe.serial("trash, versions and team deletion", () => {
  test("an old version is deleted from the details panel; the current one cannot be", async ({ browser }) => {
    const { user, dav } = await freshUser(browser, "vera");
    const { context, page } = await signIn(browser, user);
    await dav(page, "PUT", "notes.txt", "first draft");
    await dav(page, "PUT", "notes.txt", "second draft, longer");
    await page.reload();
    await waitForListing(page);
    await contextMenu(page, "notes.txt", "Details");
    const details = page.getByTestId("details-panel");
    await expect(details.getByTestId("version-item")).toHaveCount(2);
    await expect(details.locator('[data-testid="version-item"][data-current] [data-testid="version-delete"]')).toHaveCount(0);
    await details.getByTestId("version-delete").click();
    await expect(page.getByTestId("confirm-dialog")).toContainText("11 B");
    await page.getByTestId("confirm-delete-version").click();
    await expect(details).toContainText("No earlier versions");
    const versions = await api<{ items: { current: boolean }[] }>(page, "GET", `/api/nodes/${await fileId(page, "notes.txt")}/versions`);
    expect(versions.items.map((v) => v.current)).toEqual([true]);
    await context.close();
  });

  test("restore many into a chosen folder when theirs is gone, and delete one forever", async ({ browser }) => {
    const { user, dav } = await freshUser(browser, "tess");
    const { context, page } = await signIn(browser, user);
    await dav(page, "MKCOL", "Gone");
    const a = await dav(page, "PUT", "Gone/a.txt", "aaa");
    const b = await dav(page, "PUT", "Gone/b.txt", "bbb");
    const c = await dav(page, "PUT", "c.txt", "ccc");
    await dav(page, "MKCOL", "Chosen");
    await api(page, "POST", "/api/nodes/trash", { ids: [a, b, c] });
    // The folder they were in goes to the trash and is deleted for good.
    const goneId = await fileId(page, "Gone");
    await api(page, "POST", "/api/nodes/trash", { ids: [goneId] });
    await api(page, "POST", "/api/trash/delete", { ids: [goneId] });

    await page.goto("/trash");
    await expect(row(page, "a.txt").getByTestId("trash-original-gone")).toBeVisible();
    await expect(row(page, "c.txt").getByTestId("trash-original-gone")).toHaveCount(0);
    await row(page, "a.txt").click();
    await row(page, "b.txt").click({ modifiers: ["Control"] });
    await expect(page.getByTestId("restore")).toHaveText("Restore (2)");
    await dismissToasts(page);
    await snap(page, "trash-01-original-gone");
    await page.getByTestId("restore").click();
    const picker = page.getByTestId("folder-picker");
    await expect(picker).toBeVisible();
    await picker.locator('[data-testid="picker-folder"][data-name="Chosen"]').click();
    await expect(picker.getByTestId("picker-crumb").last()).toHaveText("Chosen");
    await picker.getByTestId("picker-confirm").click();
    await expect(picker).toBeHidden();
    await expect(row(page, "a.txt")).toHaveCount(0);
    await expect(row(page, "b.txt")).toHaveCount(0);

    await row(page, "c.txt").click();
    await page.getByTestId("delete-forever").click();
    await page.getByTestId("confirm-delete-forever").click();
    await expect(page.getByTestId("empty-state")).toBeVisible();
    expect((await api<{ items: unknown[] }>(page, "GET", "/api/trash")).items).toEqual([]);

    await page.goto("/files");
    await waitForListing(page);
    await openFolder(page, "Chosen");
    await expect(row(page, "a.txt")).toBeVisible();
    await expect(row(page, "b.txt")).toBeVisible();
    await context.close();
  });

  test("restoring from a team's trash into a chosen folder: the picker starts at the team, named as such", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    const name = `Trashy ${RUN}`;
    const team = await api<{ id: number; rootId: number }>(page, "POST", "/api/teams", { name });
    const basic = `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`;
    const dav = (method: string, path: string, data?: string) => page.request.fetch(`/dav/teams/${encodeURIComponent(name)}/${path}`, { method, data, headers: { authorization: basic } });
    expect((await dav("MKCOL", "Gone")).status()).toBe(201);
    expect((await dav("MKCOL", "Landing")).status()).toBe(201);
    const file = Number.parseInt((await dav("PUT", "Gone/memo.txt", "memo")).headers()["oc-fileid"] ?? "", 10);
    const top = await api<{ items: { id: number; name: string }[] }>(page, "GET", `/api/nodes/${team.rootId}/children`);
    const gone = top.items.find((item) => item.name === "Gone")!.id;
    await api(page, "POST", "/api/nodes/trash", { ids: [file] });
    await api(page, "POST", "/api/nodes/trash", { ids: [gone] });
    await api(page, "POST", "/api/trash/delete", { ids: [gone] });

    await page.goto(`/trash?space=${team.id}`);
    await row(page, "memo.txt").click();
    await page.getByTestId("restore").click();
    const picker = page.getByTestId("folder-picker");
    await expect(picker.getByTestId("picker-crumb")).toHaveText([name]);
    await picker.locator('[data-testid="picker-folder"][data-name="Landing"]').click();
    await expect(picker.getByTestId("picker-crumb")).toHaveText([name, "Landing"]);
    await picker.getByTestId("picker-confirm").click();
    await expect(picker).toBeHidden();
    const landing = top.items.find((item) => item.name === "Landing")!.id;
    const restored = await api<{ items: { name: string }[] }>(page, "GET", `/api/nodes/${landing}/children`);
    expect(restored.items.map((item) => item.name)).toEqual(["memo.txt"]);
    await context.close();
  });

  test("a team is deleted with its files moved into the admin's own files", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    const name = `Closing ${RUN}`;
    const team = await api<{ id: number; rootId: number }>(page, "POST", "/api/teams", { name });
    const basic = `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`;
    const put = await page.request.fetch(`/dav/teams/${encodeURIComponent(name)}/handover.txt`, { method: "PUT", data: "keep me", headers: { authorization: basic } });
    expect(put.status()).toBe(201);
    await page.goto(`/teams/${team.id}/settings`);
    await page.getByTestId("team-delete").click();
    const dialog = page.getByTestId("delete-team-dialog");
    await expect(dialog.getByTestId("team-delete-to-me")).toBeChecked();
    await dialog.getByTestId("team-delete-confirm").click();
    await expect(page).toHaveURL(/\/teams$/);
    await page.goto("/files");
    await waitForListing(page);
    await openFolder(page, `From team ${name}`);
    await expect(row(page, "handover.txt")).toBeVisible();
    await context.close();
  });

  test("a site admin hands a deleted team's files to an account found with the user search", async ({ browser }) => {
    const { user } = await freshUser(browser, "rory");
    const { context, page } = await adminSession(browser);
    const name = `Handover ${RUN}`;
    const team = await api<{ id: number }>(page, "POST", "/api/teams", { name });
    const basic = `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`;
    expect((await page.request.fetch(`/dav/teams/${encodeURIComponent(name)}/plan.txt`, { method: "PUT", data: "the plan", headers: { authorization: basic } })).status()).toBe(201);
    await page.goto(`/teams/${team.id}/settings`);
    await page.getByTestId("team-delete").click();
    const dialog = page.getByTestId("delete-team-dialog");
    await dialog.getByTestId("team-delete-to-user").check();
    await expect(dialog.getByTestId("team-delete-confirm")).toBeDisabled();
    // Part of the display name is enough: the admin users search finds the account.
    await dialog.getByTestId("user-search").fill(`rory ${RUN}`);
    await dialog.locator(`[data-testid="user-result"][data-username="${user.username}"]`).click();
    await expect(dialog.getByTestId("team-delete-receiver")).toContainText(`@${user.username}`);
    await dialog.getByTestId("team-delete-confirm").click();
    await expect(page).toHaveURL(/\/teams$/);
    await context.close();

    const rory = await signIn(browser, user);
    await openFolder(rory.page, `From team ${name}`);
    await expect(row(rory.page, "plan.txt")).toBeVisible();
    await rory.context.close();
  });

  for (const locale of ["en", "zh-CN"] as const) {
    test(`phone, dark, ${locale}: the trash's gone mark and the delete-team dialog`, async ({ browser }) => {
      const { user, dav } = await freshUser(browser, `ph${locale === "en" ? "e" : "z"}`);
      const { context, page } = await signIn(browser, user, { viewport: PHONE, colorScheme: "dark" });
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      await dav(page, "MKCOL", "Old");
      const file = await dav(page, "PUT", "Old/report.txt", "report");
      const oldId = await fileId(page, "Old");
      await api(page, "POST", "/api/nodes/trash", { ids: [file] });
      await api(page, "POST", "/api/nodes/trash", { ids: [oldId] });
      await api(page, "POST", "/api/trash/delete", { ids: [oldId] });
      await page.goto("/trash");
      await expect(row(page, "report.txt")).toBeVisible();
      await expectFitsWidth(page);
      await snap(page, `trash-phone-${locale}`);
      await context.close();

      const admin = await adminSession(browser, { viewport: PHONE, colorScheme: "dark" });
      await admin.context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      const team = await api<{ id: number }>(admin.page, "POST", "/api/teams", { name: `Phone ${locale} ${RUN}` });
      await admin.page.goto(`/teams/${team.id}/settings`);
      await admin.page.getByTestId("team-delete").click();
      await expect(admin.page.getByTestId("delete-team-dialog")).toBeVisible();
      await expectFitsWidth(admin.page);
      await snap(admin.page, `team-delete-phone-${locale}`);
      await admin.page.getByTestId("team-delete-purge").check();
      await admin.page.getByTestId("team-delete-confirm").click();
      await expect(admin.page).toHaveURL(/\/teams$/);
      await admin.context.close();
    });
  }
});

/** A row's node id, read from the listing API of the open folder (the drive's root). */
async function fileId(page: Page, name: string): Promise<number> {
  const root = await api<{ id: number }>(page, "GET", "/api/nodes/root");
  const children = await api<{ items: { id: number; name: string }[] }>(page, "GET", `/api/nodes/${root.id}/children`);
  return children.items.find((item) => item.name === name)!.id;
}
