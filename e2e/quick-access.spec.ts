import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { adminSession, api, contextMenu, dismissToasts, expectFitsWidth, openFolder, row, signIn, snap, waitForListing } from "./support";

/**
 * Quick access (issue 12) end to end: stars (also over WebDAV), tags and the tag filter, dragging rows onto a folder
 * and a crumb (Ctrl copies), comments and activity in the details panel, the theme choice, the PWA manifest, and
 * the new pages on a phone in both languages and themes.
 */

const RUN = Date.now().toString(36);
const QUINN = { username: `quinn-${RUN}`, displayName: "Quinn Quick", password: "quinn-password-42" };
const PHONE = { width: 375, height: 812 };
const basic = `Basic ${Buffer.from(`${QUINN.username}:${QUINN.password}`).toString("base64")}`;

type NodeJson = { id: number; name: string; isFolder: boolean };

async function put(page: Page, name: string, body: string): Promise<void> {
  const response = await page.request.put(`/dav/${encodeURIComponent(name)}`, { headers: { authorization: basic }, data: Buffer.from(body) });
  expect(response.status(), name).toBe(201);
}

async function rootChildren(page: Page): Promise<NodeJson[]> {
  const me = await api<{ space: { rootId: number } }>(page, "GET", "/api/me");
  return (await api<{ items: NodeJson[] }>(page, "GET", `/api/nodes/${me.space.rootId}/children?sort=name&order=asc&limit=200`)).items;
}

async function details(page: Page, name: string) {
  await contextMenu(page, name, "Details");
  const panel = page.getByTestId("details-panel");
  await expect(panel.getByTestId("details-name")).toHaveText(name);
  return panel;
}

test.describe.serial("quick access", () => {
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    const admin = await adminSession(browser);
    await api(admin.page, "POST", "/api/admin/users", { ...QUINN, email: `${QUINN.username}@example.com`, role: "user", quota: null });
    await admin.context.close();
    ({ context, page } = await signIn(browser, QUINN));
    for (const folder of ["Archive", "Inbox"]) {
      const response = await page.request.fetch(`/dav/${folder}`, { method: "MKCOL", headers: { authorization: basic } });
      expect(response.status()).toBe(201);
    }
    await put(page, "report.txt", "quarterly report\n");
    await put(page, "plan.txt", "the plan\n");
    await put(page, "move-me.txt", "moving\n");
    await put(page, "copy-me.txt", "copying\n");
    await page.reload();
    await waitForListing(page);
  });
  test.afterAll(async () => context?.close());

  test("1. star an item and find it under Favourites (and as oc:favorite over WebDAV)", async () => {
    await contextMenu(page, "report.txt", "Add to favourites");
    await expect(row(page, "report.txt").getByTestId("mark-favorite")).toBeVisible();
    const propfind = await page.request.fetch("/dav/report.txt", {
      method: "PROPFIND",
      headers: { authorization: basic, depth: "0", "content-type": "application/xml" },
      data: '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:favorite/></d:prop></d:propfind>',
    });
    expect(await propfind.text()).toContain("<oc:favorite>1</oc:favorite>");
    await page.getByTestId("favorites-link").click();
    await expect(page.getByTestId("favorites-list").getByTestId("quick-item")).toHaveText([/report\.txt/]);
    await snap(page, "quick-01-favorites");
    // Unstarred over WebDAV: gone from the page.
    const proppatch = await page.request.fetch("/dav/report.txt", {
      method: "PROPPATCH",
      headers: { authorization: basic, "content-type": "application/xml" },
      data: '<d:propertyupdate xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:set><d:prop><oc:favorite>0</oc:favorite></d:prop></d:set></d:propertyupdate>',
    });
    expect(proppatch.status()).toBe(207);
    await page.reload();
    await expect(page.getByText("No favourites yet")).toBeVisible();
    await api(page, "PUT", `/api/nodes/${(await rootChildren(page)).find((n) => n.name === "report.txt")!.id}/favorite`, { favorite: true });
    await page.reload();
    await expect(page.getByTestId("favorites-list").getByTestId("quick-item")).toHaveText([/report\.txt/]);
  });

  test("2. tag an item and filter by the tag", async () => {
    await page.getByTestId("files-link").click();
    await waitForListing(page);
    const panel = await details(page, "plan.txt");
    await panel.getByTestId("add-tag").click();
    await panel.getByTestId("tag-name").fill("urgent");
    await panel.getByTestId("tag-color-red").click();
    await panel.getByTestId("tag-submit").click();
    await expect(panel.getByTestId("details-tags").getByTestId("tag-chip")).toHaveText(["urgent"]);
    await expect(row(page, "plan.txt").getByTestId("tag-chip")).toHaveText("urgent");
    await snap(page, "quick-02-details-tags");
    await page.getByTestId("details-close").click();
    await page.getByTestId("tags-link").click();
    await expect(page.getByTestId("tag-list")).toBeVisible();
    await page.getByTestId("tag-filter").filter({ hasText: "urgent" }).click();
    await expect(page.getByTestId("tagged-list").getByTestId("quick-item")).toHaveText([/plan\.txt/]);
    await snap(page, "quick-03-tags");
  });

  test("3. drag a row into a folder, onto a crumb, and with Ctrl to copy", async () => {
    await page.getByTestId("files-link").click();
    await waitForListing(page);
    await row(page, "move-me.txt").dragTo(row(page, "Archive"));
    await expect(row(page, "move-me.txt")).toHaveCount(0);
    await page.keyboard.down("Control");
    await row(page, "copy-me.txt").dragTo(row(page, "Inbox"));
    await page.keyboard.up("Control");
    await expect(page.getByText(/Copied 1 item/)).toBeVisible();
    await expect(row(page, "copy-me.txt")).toBeVisible();
    await dismissToasts(page);
    await openFolder(page, "Archive");
    await expect(row(page, "move-me.txt")).toBeVisible();
    // Back up through the crumb "My files".
    await row(page, "move-me.txt").dragTo(page.getByTestId("crumb").first());
    await expect(page.getByText("Moved 1 item to “My files”")).toBeVisible();
    await expect(row(page, "move-me.txt")).toHaveCount(0);
    const names = (await rootChildren(page)).map((n) => n.name);
    expect(names).toContain("move-me.txt");
    const inbox = (await rootChildren(page)).find((n) => n.name === "Inbox")!;
    const inInbox = await api<{ items: NodeJson[] }>(page, "GET", `/api/nodes/${inbox.id}/children`);
    expect(inInbox.items.map((n) => n.name)).toEqual(["copy-me.txt"]);
  });

  test("3b. the move picker makes a new folder and moves into it", async () => {
    await page.getByTestId("files-link").click();
    await waitForListing(page);
    await contextMenu(page, "copy-me.txt", /^Move$/);
    const picker = page.getByTestId("folder-picker");
    await picker.getByTestId("picker-new-folder").click();
    await picker.getByTestId("picker-new-folder-name").fill("Filed 2026");
    await picker.getByTestId("picker-new-folder-name").press("Enter");
    await expect(picker.getByTestId("picker-crumb").last()).toHaveText("Filed 2026");
    await snap(page, "quick-08-picker-new-folder");
    await picker.getByTestId("picker-confirm").click();
    await expect(picker).toHaveCount(0);
    await expect(row(page, "copy-me.txt")).toHaveCount(0);
    await openFolder(page, "Filed 2026");
    await expect(row(page, "copy-me.txt")).toBeVisible();
    await page.getByTestId("crumb").first().click();
    await waitForListing(page);
  });

  test("4. comments and activity in the details panel", async () => {
    await page.getByTestId("files-link").click();
    await waitForListing(page);
    const panel = await details(page, "report.txt");
    await expect(panel.getByTestId("star-button")).toHaveAttribute("aria-pressed", "true");
    await panel.getByTestId("comment-input").fill("Numbers look right — 数字没问题");
    await panel.getByTestId("comment-submit").click();
    await expect(panel.getByTestId("comment-body")).toHaveText("Numbers look right — 数字没问题");
    await panel.getByTestId("comment-edit").click();
    await panel.getByTestId("comment-edit-input").fill("Numbers checked");
    await panel.getByTestId("comment-save").click();
    await expect(panel.getByTestId("comment-body")).toHaveText("Numbers checked");
    await expect(panel.getByTestId("node-activity").getByTestId("activity-item")).toHaveText([/You created report\.txt/]);
    await snap(page, "quick-04-details-comments");
    await page.getByTestId("details-close").click();
    // The user's stream has the move, the copy and the uploads.
    await page.getByTestId("activity-link").click();
    const stream = page.getByTestId("my-activity").getByTestId("activity-item");
    await expect(stream.filter({ hasText: "You moved move-me.txt" })).toHaveCount(2);
    await expect(stream.first()).toContainText("You moved copy-me.txt");
    await expect(stream.filter({ hasText: "You made copy-me.txt as a copy" })).toHaveCount(1);
    await snap(page, "quick-05-activity");
    // Opening a file lists it under Recent.
    await page.request.get(`/api/files/${(await rootChildren(page)).find((n) => n.name === "plan.txt")!.id}/content`);
    await page.getByTestId("recent-link").click();
    await expect(page.getByTestId("recent-list").getByTestId("quick-item").first()).toContainText("plan.txt");
    await expect(page.getByTestId("recent-list").getByTestId("quick-item").first()).toContainText("Opened");
    await snap(page, "quick-06-recent");
  });

  test("5. the theme: dark, light over a dark system, back to system; set before the first paint", async ({ browser }) => {
    const dark = await signIn(browser, QUINN, { colorScheme: "light" });
    // White, or Tailwind's zinc-950 (an oklch colour) in dark mode.
    const background = async () => ((await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor)) === "rgb(255, 255, 255)" ? "light" : "dark");
    expect(await background()).toBe("light");
    await dark.page.getByTestId("user-menu").click();
    await dark.page.getByTestId("theme-dark").click();
    await expect(dark.page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background()).toBe("dark");
    // After a reload the attribute is there before any app script ran (the inline script in <head>).
    await dark.page.reload({ waitUntil: "commit" });
    await dark.page.waitForSelector("body", { state: "attached" });
    expect(await dark.page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await waitForListing(dark.page);
    await snap(dark.page, "quick-07-dark-chosen");
    // Light chosen while the system is dark; then "System" follows the system again.
    await dark.page.emulateMedia({ colorScheme: "dark" });
    await dark.page.getByTestId("user-menu").click();
    await dark.page.getByTestId("theme-light").click();
    expect(await background()).toBe("light");
    await dark.page.getByTestId("user-menu").click();
    await dark.page.getByTestId("theme-system").click();
    await expect(dark.page.locator("html")).not.toHaveAttribute("data-theme", /.+/);
    expect(await background()).toBe("dark");
    await dark.context.close();
  });

  test("6. installable: the manifest names the app, its icons and a standalone start", async () => {
    const manifest = (await (await page.request.get("/manifest.webmanifest")).json()) as { name: string; display: string; start_url: string; icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ name: "Haven", display: "standalone", start_url: "/files" });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const icon of manifest.icons) expect((await page.request.get(icon.src)).headers()["content-type"]).toBe("image/png");
    await page.goto("/files");
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  });

  for (const [locale, colorScheme] of [["en", "light"], ["zh-CN", "dark"]] as const) {
    test(`7. on a phone in ${locale} (${colorScheme}): the quick-access pages fit`, async ({ browser }) => {
      // Signed in through the English form; then the account's language switches the pages.
      const phone = await signIn(browser, QUINN, { viewport: PHONE, colorScheme });
      await api(phone.page, "PATCH", "/api/me/profile", { locale });
      for (const path of ["/favorites", "/recent", "/tags", "/activity"]) {
        await phone.page.goto(path);
        await expect(phone.page.locator("html")).toHaveAttribute("lang", locale);
        await expect(phone.page.getByTestId(path === "/tags" ? "tag-list" : path === "/activity" ? "my-activity" : path === "/recent" ? "recent-list" : "favorites-list")).toBeVisible();
        await expectFitsWidth(phone.page);
        await snap(phone.page, `quick-phone-${locale}-${colorScheme}-${path.slice(1)}`);
      }
      await api(phone.page, "PATCH", "/api/me/profile", { locale: null });
      await phone.context.close();
    });
  }
});

