import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { api, dismissToasts, row, snap, waitForListing, submitSignIn, expectFitsWidth } from "./support";

/**
 * Team spaces (issue 10): a site admin creates a team in the UI and adds an editor and a viewer with the user picker;
 * the editor uploads into the team from the file browser; the viewer has no usable upload button and a forced
 * request is refused; the new pages on a phone in English (light) and Chinese (dark).
 * Works after the newcomer spec (setup done) or alone (it does the setup itself).
 */

const ADMIN = { username: "admin", displayName: "Ada Admin", password: "admin-password-1" };
const RUN = Date.now().toString(36);
const TEAM = `Studio ${RUN}`;
const EDDIE = { username: `eddie-${RUN}`, displayName: `Eddie Editor ${RUN}`, password: "eddie-password-42" };
const VERA = { username: `vera-${RUN}`, displayName: `Vera Viewer ${RUN}`, password: "vera-password-42" };
const PHONE = { width: 375, height: 812 };

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await submitSignIn(page, username, password);
  await expect(page).toHaveURL(/\/files$/);
  await waitForListing(page);
}

async function pageAs(browser: Browser, who: { username: string; password: string }, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, who.username, who.password);
  return { context, page };
}


async function openTeam(page: Page): Promise<void> {
  await page.locator('[data-testid="team-link"]', { hasText: TEAM }).click();
  await expect(page.getByTestId("current-folder")).toHaveText(TEAM);
  await waitForListing(page);
}

test.describe.serial("team spaces", () => {
  let teamId = 0;
  let rootId = 0;

  test("1. a site admin creates a team and adds an editor and a viewer", async ({ browser }) => {
    const setupContext = await browser.newContext();
    const setup = await setupContext.request.get("/api/setup");
    if (((await setup.json()) as { needed: boolean }).needed) {
      const created = await setupContext.request.post("/api/setup", { data: { username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName } });
      expect(created.ok(), await created.text()).toBeTruthy();
    }
    await setupContext.close();
    const { context, page } = await pageAs(browser, ADMIN);
    for (const user of [EDDIE, VERA]) await api(page, "POST", "/api/admin/users", user);

    await page.goto("/teams");
    await page.getByTestId("new-team").click();
    const dialog = page.getByTestId("create-team-dialog");
    await dialog.getByTestId("new-team-name").fill(TEAM);
    await dialog.getByTestId("new-team-description").fill("Posters and flyers");
    await snap(page, "teams-01-new-team");
    await dialog.getByTestId("create-team-confirm").click();
    await expect(page).toHaveURL(/\/teams\/\d+\/members$/);
    teamId = Number(/\/teams\/(\d+)\//.exec(page.url())![1]);

    for (const [user, role] of [[EDDIE, "editor"], [VERA, "viewer"]] as const) {
      await page.getByTestId("new-member-role").selectOption(role);
      await page.getByTestId("user-search").fill(user.username);
      await page.locator(`[data-testid="user-result"][data-username="${user.username}"]`).click();
      await expect(page.locator(`[data-testid="member-row"][data-username="${user.username}"]`).getByTestId("member-role")).toHaveValue(role);
    }
    await expect(page.getByTestId("member-row")).toHaveCount(3);
    await dismissToasts(page);
    await snap(page, "teams-02-members");

    await page.getByTestId("team-settings-tab").click();
    await expect(page.getByTestId("team-description")).toHaveValue("Posters and flyers");
    await snap(page, "teams-03-settings");
    await page.goto("/teams");
    await expect(page.locator(`[data-testid="team-row"][data-name="${TEAM}"]`)).toBeVisible();
    await snap(page, "teams-04-list");
    rootId = (await api<{ rootId: number }>(page, "GET", `/api/teams/${teamId}`)).rootId;
    await context.close();
  });

  test("2. the editor uploads into the team from the sidebar", async ({ browser }) => {
    const { context, page } = await pageAs(browser, EDDIE);
    await openTeam(page);
    await expect(page.getByTestId("upload-files")).toBeEnabled();
    const chooser = page.waitForEvent("filechooser");
    await page.getByTestId("upload-files").click();
    await (await chooser).setFiles({ name: "poster.txt", mimeType: "text/plain", buffer: Buffer.from("A3 poster, final\n") });
    await expect(row(page, "poster.txt")).toBeVisible({ timeout: 30_000 });
    const team = await api<{ usedBytes: number }>(page, "GET", `/api/teams/${teamId}`);
    expect(team.usedBytes).toBe(Buffer.byteLength("A3 poster, final\n"));
    await dismissToasts(page);
    await snap(page, "teams-05-editor-uploaded");
    await context.close();
  });

  test("3. the viewer reads but cannot upload: no usable button, and a forced request is refused", async ({ browser }) => {
    const { context, page } = await pageAs(browser, VERA);
    await openTeam(page);
    await expect(row(page, "poster.txt")).toBeVisible();
    await expect(page.getByTestId("upload-files")).toBeDisabled();
    await expect(page.getByTestId("new-folder")).toBeDisabled();
    await expect(page.getByTestId("team-settings-link")).toHaveCount(0);
    await snap(page, "teams-06-viewer");
    // Forced: a tus creation into the team's root, and a new folder over REST.
    const metadata = `filename ${Buffer.from("sneaky.txt").toString("base64")},parentId ${Buffer.from(String(rootId)).toString("base64")}`;
    const tus = await page.request.post("/api/upload/", { headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "5", "Upload-Metadata": metadata, "Content-Type": "application/offset+octet-stream" }, data: Buffer.from("sneak") });
    expect(tus.status()).toBe(403);
    const folder = await page.request.post(`/api/nodes/${rootId}/children`, { data: { name: "sneaky" } });
    expect(folder.status()).toBe(403);
    await page.reload();
    await waitForListing(page);
    await expect(row(page, "sneaky.txt")).toHaveCount(0);
    await context.close();
  });

  for (const [locale, colorScheme] of [["en", "light"], ["zh-CN", "dark"]] as const) {
    test(`4. on a phone in ${locale} (${colorScheme}): the team pages fit`, async ({ browser }) => {
      const { context, page } = await pageAs(browser, ADMIN, { viewport: PHONE, colorScheme, locale: locale === "en" ? "en-US" : "zh-CN" });
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      // An account's own language wins over the cookie, and earlier specs may have set the admin's.
      await api(page, "PATCH", "/api/me/profile", { locale });
      for (const [path, name] of [["/teams", "list"], [`/teams/${teamId}/members`, "members"], [`/teams/${teamId}/settings`, "settings"], [`/files/${rootId}`, "files"]] as const) {
        await page.goto(path);
        if (name === "files") await waitForListing(page);
        else await expect(page.getByTestId(name === "list" ? "team-list" : name === "members" ? "member-list" : "team-settings-form")).toBeVisible();
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        await expectFitsWidth(page);
        await snap(page, `teams-phone-${locale}-${name}`);
      }
      await api(page, "PATCH", "/api/me/profile", { locale: null });
      await context.close();
    });
  }
});
