import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import {
  api,
  closeUploadPanel,
  contextMenu,
  dismissToasts,
  downloadBytes,
  dropFiles,
  fileList,
  openFolder,
  pseudoRandomBytes,
  readZip,
  row,
  rowNames,
  sha256,
  snap,
  storageStatePath,
  waitForListing,
  waitForUploads,
  type PageFile,
} from "./support";

/**
 * A newcomer's first day with Haven, in order, on one server: first-run setup, the admin creates an
 * account, its owner signs in, uploads (drop, folder picker, name conflicts), organises, downloads,
 * switches to Chinese and uses the drive on a phone.
 */

const ADMIN = { username: "admin", displayName: "Ada Admin", password: "admin-password-1" };
const QUOTA_GIB = 2;

/**
 * The newcomer. All attempts share one server (CI retries once, and a serial group is retried as a
 * whole), so a retry works with a fresh account of its own and starts from an empty drive.
 */
function newcomer() {
  const retry = test.info().retry;
  const username = retry ? `nina-r${retry}` : "nina";
  return { username, displayName: "Nina Newcomer", email: `${username}@example.com`, password: "nina-password-42" };
}

const NOTES: PageFile = { name: "notes.txt", type: "text/plain", bytes: Buffer.from("Meeting notes: ship the drive on Friday.\n") };
const PHOTO: PageFile = { name: "photo.bin", type: "application/octet-stream", bytes: pseudoRandomBytes(300 * 1024, 42) };
const HELLO_V1: PageFile = { name: "hello.txt", type: "text/plain", bytes: Buffer.from("hello, version one\n") };
const HELLO_OTHER = Buffer.from("hello from another computer\n");
const HELLO_V2 = Buffer.from("hello, version two: this one replaces version one\n");

/** The folder uploaded through the folder picker: relative path → bytes. */
const PROJECT: Record<string, Buffer> = {
  "readme.md": Buffer.from("# Project\n\nUploaded as a whole folder.\n"),
  "src/main.ts": Buffer.from('console.log("hello");\n'),
  "src/lib/util.ts": Buffer.from("export const answer = 42;\n"),
  "assets/logo.bin": pseudoRandomBytes(64 * 1024, 7),
};

async function gotoDrive(page: Page, url = "/files"): Promise<void> {
  await page.goto(url);
  await waitForListing(page);
}

async function signInWithForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The setup page of a fresh server: create the administrator. */
async function runFirstRunSetup(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Haven" })).toBeVisible();
  const form = page.getByTestId("setup-form");
  await form.getByLabel("Username").fill(ADMIN.username);
  await form.getByLabel("Display name").fill(ADMIN.displayName);
  await form.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await form.getByLabel("Confirm password").fill("not-the-same");
  // A mistyped confirmation is caught before anything is sent.
  await expect(form.getByText("The passwords do not match.")).toBeVisible();
  await form.getByLabel("Confirm password").fill(ADMIN.password);
  await expect(form.getByText("The passwords do not match.")).toHaveCount(0);
  await snap(page, "01-setup-form");
  await form.getByRole("button", { name: "Create administrator" }).click();
}

async function quotaUsed(page: Page): Promise<number> {
  const me = await api<{ space: { used: number; quota: number | null } }>(page, "GET", "/api/me");
  return me.space.used;
}

test.describe.serial("a newcomer's first day", () => {
  // Uncaught exceptions and console errors (CSP violations, failed chunks, React errors) fail the test.
  let pageErrors: string[] = [];
  test.beforeEach(({ context }) => {
    pageErrors = [];
    context.on("weberror", (error) => pageErrors.push(`uncaught: ${error.error().message}`));
    context.on("console", (message) => {
      if (message.type() !== "error") return;
      // Chromium asks for /favicon.ico on its own; Haven declares /icon.svg instead.
      if (message.location().url.endsWith("/favicon.ico")) return;
      pageErrors.push(`console: ${message.text()} (${message.location().url})`);
    });
  });
  test.afterEach(() => {
    expect(pageErrors, "errors in the browser").toEqual([]);
  });

  test("1. first-run setup creates the admin, then setup is closed", async ({ page, browser }) => {
    await page.goto("/");
    const { needed } = await api<{ needed: boolean }>(page, "GET", "/api/setup");
    if (!needed && test.info().retry > 0) {
      // An earlier attempt already ran the first-run setup on this server: sign in as its admin.
      test.info().annotations.push({ type: "retry", description: "setup was done by an earlier attempt; signed in as the admin instead" });
      await expect(page).toHaveURL(/\/login$/);
      await signInWithForm(page, ADMIN.username, ADMIN.password);
    } else {
      await runFirstRunSetup(page);
    }

    // Lands in the drive, signed in as the new admin.
    await expect(page).toHaveURL(/\/files$/);
    await expect(page.getByTestId("current-folder")).toHaveText("My files");
    await expect(page.getByTestId("user-menu")).toContainText(ADMIN.displayName);
    await expect(page.getByTestId("admin-users-link")).toBeVisible();
    await expect(page.getByTestId("empty-state")).toContainText("This folder is empty");
    await snap(page, "01-admin-drive");

    // Setup is closed: the signed-in admin is sent to the drive, a stranger to the sign-in page,
    // and the API refuses a second admin.
    await page.goto("/setup");
    await expect(page).toHaveURL(/\/files$/);
    expect(await api<{ needed: boolean }>(page, "GET", "/api/setup")).toEqual({ needed: false });
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto("/setup");
    await expect(strangerPage).toHaveURL(/\/login$/);
    await expect(strangerPage.getByRole("heading", { name: "Sign in to Haven" })).toBeVisible();
    await expect(strangerPage.getByTestId("setup-form")).toHaveCount(0);
    const again = await strangerPage.request.post("/api/setup", { data: { username: "mallory", password: "mallory-password-1", displayName: "Mallory" } });
    expect(again.status()).toBe(409);
    await stranger.close();

    await page.context().storageState({ path: storageStatePath("admin") });
  });

  test.describe("as the admin", () => {
    test.use({ storageState: async ({}, use) => use(storageStatePath("admin")) });

    test("2. the admin creates a user with a quota", async ({ page }) => {
      await page.goto("/files");
      await page.getByTestId("admin-users-link").click();
      await expect(page).toHaveURL(/\/admin\/users$/);
      const USER = newcomer();
      const table = page.getByTestId("users-table");
      await expect(table.locator(`[data-testid="user-row"][data-username="${ADMIN.username}"]`)).toContainText([ADMIN.displayName, "(you)"].join(""));
      const before = await table.getByTestId("user-row").count();

      await page.getByRole("button", { name: "Create user" }).click();
      const dialog = page.getByRole("dialog", { name: "Create user" });
      await expect(dialog).toBeVisible();
      await dialog.getByLabel("Username").fill(USER.username);
      await dialog.getByLabel("Display name").fill(USER.displayName);
      await dialog.getByLabel("Email").fill(USER.email);
      await dialog.getByLabel("Password", { exact: true }).fill(USER.password);
      await expect(dialog.getByLabel("Administrator")).not.toBeChecked();
      await dialog.getByLabel("Quota in GiB").fill(String(QUOTA_GIB));
      await snap(page, "02-create-user-dialog");
      await dialog.getByRole("button", { name: "Create", exact: true }).click();
      await expect(dialog).toBeHidden();

      const created = table.locator(`[data-testid="user-row"][data-username="${USER.username}"]`);
      await expect(table.getByTestId("user-row")).toHaveCount(before + 1);
      await expect(created).toContainText(USER.displayName);
      await expect(created).toContainText(`@${USER.username}`);
      await expect(created).toContainText(USER.email);
      await expect(created.getByTestId("user-status")).toHaveText("Active");
      await expect(created.getByTestId("user-usage")).toHaveText(`0 B of ${QUOTA_GIB} GiB used`);
      await dismissToasts(page);
      await snap(page, "02-users-table");

      // The server stored what the dialog said.
      const { items } = await api<{ items: Array<{ username: string; role: string; quota: number | null; email: string | null }> }>(page, "GET", "/api/admin/users");
      expect(items.find((user) => user.username === USER.username)).toMatchObject({ role: "user", quota: QUOTA_GIB * 1024 ** 3, email: USER.email });
    });
  });

  test("3. the new user signs in: a wrong password first, then the right one", async ({ page }) => {
    const USER = newcomer();
    await page.goto("/files");
    await expect(page).toHaveURL(/\/login/);
    await signInWithForm(page, USER.username, "wrong-password");
    await expect(page.getByTestId("login-form").getByRole("alert")).toHaveText("Wrong username or password.");
    await expect(page).toHaveURL(/\/login/);
    await snap(page, "03-login-wrong-password");

    await signInWithForm(page, USER.username, USER.password);
    await expect(page).toHaveURL(/\/files$/);
    await waitForListing(page);
    await expect(page.getByTestId("user-menu")).toContainText(USER.displayName);
    // Not an admin: no Admin section.
    await expect(page.getByTestId("admin-users-link")).toHaveCount(0);
    await expect(page.getByTestId("quota-bar").getByTestId("quota-text")).toHaveText(`0 B of ${QUOTA_GIB} GiB used`);
    await expect(page.getByTestId("quota-bar").getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0");
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await snap(page, "03-user-drive");

    await page.context().storageState({ path: storageStatePath("user") });
  });

  test.describe("as the new user", () => {
    test.use({ storageState: async ({}, use) => use(storageStatePath("user")) });

    test("4. uploads: drag and drop, a whole folder, and name conflicts", async ({ page }) => {
      await gotoDrive(page);
      await expect(page.getByTestId("empty-state")).toBeVisible();

      // Drop three files from "the desktop" onto the list.
      await dropFiles(page, page.getByTestId("drop-zone"), [NOTES, PHOTO, HELLO_V1], async () => {
        await expect(page.getByTestId("drop-overlay")).toHaveText(/^Drop to upload to \W?My files\W?$/);
        await snap(page, "04-drag-over");
      });
      await expect(page.getByTestId("drop-overlay")).toHaveCount(0);
      await waitForUploads(page, 3);
      for (const file of [NOTES, PHOTO, HELLO_V1]) await expect(row(page, file.name)).toBeVisible();
      await expect(page.getByTestId("node-row")).toHaveCount(3);
      await expect(row(page, PHOTO.name).getByTestId("node-size")).toHaveText("300 KiB");
      await expect(page.getByTestId("quota-text")).toHaveText(`300 KiB of ${QUOTA_GIB} GiB used`);
      await snap(page, "04-drop-uploaded");
      await closeUploadPanel(page);

      // A whole folder through the "Upload folder" picker.
      const tmp = await mkdtemp(path.join(os.tmpdir(), "haven-e2e-folder-"));
      try {
        const projectDir = path.join(tmp, "Project");
        for (const [relative, bytes] of Object.entries(PROJECT)) {
          await mkdir(path.dirname(path.join(projectDir, relative)), { recursive: true });
          await writeFile(path.join(projectDir, relative), bytes);
        }
        const chooser = page.waitForEvent("filechooser");
        await page.getByTestId("upload-folder").click();
        await (await chooser).setFiles(projectDir);
        await waitForUploads(page, Object.keys(PROJECT).length);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
      await expect(row(page, "Project")).toHaveAttribute("data-folder", "true");
      expect(await rowNames(page)).toEqual(["Project", "hello.txt", "notes.txt", "photo.bin"]);
      await expect(row(page, "Project").getByTestId("node-size")).toHaveText("64.1 KiB");
      await snap(page, "04-folder-uploaded");
      await closeUploadPanel(page);

      // The nested structure arrived: Project/{assets,src,readme.md}, src/{lib,main.ts}, lib/util.ts.
      await openFolder(page, "Project");
      expect(await rowNames(page)).toEqual(["assets", "src", "readme.md"]);
      await openFolder(page, "src");
      expect(await rowNames(page)).toEqual(["lib", "main.ts"]);
      await openFolder(page, "lib");
      expect(await rowNames(page)).toEqual(["util.ts"]);
      await expect(page.getByTestId("breadcrumbs").getByRole("link")).toHaveText(["My files", "Project", "src"]);
      await snap(page, "04-nested-folder");
      await page.getByTestId("breadcrumbs").getByRole("link", { name: "My files" }).click();
      await expect(page).toHaveURL(/\/files$/);
      await waitForListing(page);

      // The same name again → "Keep both" → "hello (1).txt".
      let chooser = page.waitForEvent("filechooser");
      await page.getByTestId("upload-files").click();
      await (await chooser).setFiles({ name: "hello.txt", mimeType: "text/plain", buffer: HELLO_OTHER });
      const conflict = page.getByTestId("conflict-dialog");
      await expect(conflict).toBeVisible();
      await expect(conflict.getByRole("heading")).toHaveText("“hello.txt” already exists");
      await expect(conflict).toContainText("hello (1).txt");
      await snap(page, "04-conflict-dialog");
      await conflict.getByRole("button", { name: /Keep both/ }).click();
      await expect(conflict).toBeHidden();
      await waitForUploads(page, 1);
      await expect(row(page, "hello (1).txt")).toBeVisible();
      await expect(page.getByTestId("node-row")).toHaveCount(5);
      await closeUploadPanel(page);

      // And again → "Replace": no new row, a second version of hello.txt.
      chooser = page.waitForEvent("filechooser");
      await page.getByTestId("upload-files").click();
      await (await chooser).setFiles({ name: "hello.txt", mimeType: "text/plain", buffer: HELLO_V2 });
      await expect(conflict).toBeVisible();
      await conflict.getByRole("button", { name: /Replace/ }).click();
      await waitForUploads(page, 1);
      await closeUploadPanel(page);
      // Once the listing shows the new content, it still has the same five rows.
      await expect(row(page, "hello.txt").getByTestId("node-size")).toHaveText(`${HELLO_V2.length} B`);
      expect(await rowNames(page)).toEqual(["Project", "hello (1).txt", "hello.txt", "notes.txt", "photo.bin"]);

      await contextMenu(page, "hello.txt", "Details");
      const details = page.getByTestId("details-panel");
      await expect(details.getByTestId("details-name")).toHaveText("hello.txt");
      await expect(details.getByTestId("version-item")).toHaveCount(2);
      await expect(details.getByTestId("version-item").first()).toContainText("Current");
      await expect(details.getByTestId("version-item").first()).toContainText(`${HELLO_V2.length} B`);
      await expect(details.getByTestId("version-item").nth(1)).toContainText(`${HELLO_V1.bytes.length} B`);
      await expect(details.getByTestId("details-sha256")).toHaveText(sha256(HELLO_V2));
      await dismissToasts(page);
      await snap(page, "04-versions");
      await details.getByRole("button", { name: "Close" }).click();
      await expect(details).toHaveCount(0);
    });

    test("5. rename, move, copy, delete to the trash, restore, empty the trash", async ({ page }) => {
      await gotoDrive(page);

      // A new folder to organise into.
      await page.getByTestId("new-folder").click();
      const newFolder = page.getByRole("dialog", { name: "New folder" });
      await newFolder.getByLabel("Folder name").fill("Archive");
      await newFolder.getByRole("button", { name: "Create" }).click();
      await expect(newFolder).toBeHidden();
      await expect(row(page, "Archive")).toHaveAttribute("data-folder", "true");

      // Rename from the context menu: the name without its extension is selected, so typing keeps ".txt".
      await contextMenu(page, "hello (1).txt", "Rename");
      const rename = page.getByRole("dialog", { name: "Rename" });
      const nameInput = rename.getByLabel("New name");
      await expect(nameInput).toHaveValue("hello (1).txt");
      await page.keyboard.type("greeting");
      await expect(nameInput).toHaveValue("greeting.txt");
      await rename.getByRole("button", { name: "Rename" }).click();
      await expect(rename).toBeHidden();
      await expect(row(page, "greeting.txt")).toBeVisible();
      await expect(row(page, "hello (1).txt")).toHaveCount(0);

      // Rename with F2 on the selected row.
      await row(page, "notes.txt").click();
      await expect(row(page, "notes.txt")).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("F2");
      await expect(rename).toBeVisible();
      await nameInput.fill("meeting notes.txt");
      await nameInput.press("Enter");
      await expect(rename).toBeHidden();
      await expect(row(page, "meeting notes.txt")).toBeVisible();
      await expect(row(page, "notes.txt")).toHaveCount(0);

      // Move greeting.txt into Archive with the folder picker.
      await contextMenu(page, "greeting.txt", "Move");
      const picker = page.getByRole("dialog", { name: "Move “greeting.txt” to…" });
      await expect(picker).toBeVisible();
      // It is already in My files: moving there is not offered.
      await expect(picker.getByRole("button", { name: "Move here" })).toBeDisabled();
      await picker.getByRole("option", { name: "Archive" }).click();
      await expect(picker.getByRole("button", { name: "Archive" })).toHaveAttribute("aria-current", "location");
      await snap(page, "05-move-picker");
      await picker.getByRole("button", { name: "Move here" }).click();
      await expect(picker).toBeHidden();
      await expect(row(page, "greeting.txt")).toHaveCount(0);

      // Copy photo.bin into Archive: it stays here too.
      await contextMenu(page, "photo.bin", "Copy");
      const copyPicker = page.getByRole("dialog", { name: "Copy “photo.bin” to…" });
      await copyPicker.getByRole("option", { name: "Archive" }).click();
      await expect(copyPicker.getByRole("button", { name: "Archive" })).toHaveAttribute("aria-current", "location");
      await copyPicker.getByRole("button", { name: "Copy here" }).click();
      await expect(copyPicker).toBeHidden();
      await expect(row(page, "photo.bin")).toBeVisible();

      await openFolder(page, "Archive");
      expect(await rowNames(page)).toEqual(["greeting.txt", "photo.bin"]);
      await expect(row(page, "photo.bin").getByTestId("node-size")).toHaveText("300 KiB");
      await dismissToasts(page);
      await snap(page, "05-archive");
      const archiveUrl = page.url();

      // Delete greeting.txt: it goes to the trash, with where it came from.
      await contextMenu(page, "greeting.txt", "Delete");
      const confirm = page.getByRole("dialog", { name: "Move to trash?" });
      await expect(confirm).toContainText("“greeting.txt” will be moved to the trash");
      await confirm.getByRole("button", { name: "Move to trash" }).click();
      await expect(confirm).toBeHidden();
      await expect(row(page, "greeting.txt")).toHaveCount(0);

      await page.getByTestId("trash-link").click();
      await expect(page).toHaveURL(/\/trash$/);
      const trashed = row(page, "greeting.txt");
      await expect(trashed).toBeVisible();
      await expect(trashed.getByTestId("trash-location")).toHaveText("My files / Archive");
      await expect(page.getByTestId("restore")).toBeDisabled();
      await trashed.click();
      await expect(page.getByTestId("restore")).toHaveText("Restore (1)");
      await dismissToasts(page);
      await snap(page, "05-trash");
      await page.getByTestId("restore").click();
      await expect(page.getByTestId("empty-state")).toContainText("The trash is empty");

      // Back in its original folder.
      await gotoDrive(page, archiveUrl);
      await expect(page.getByTestId("current-folder")).toHaveText("Archive");
      expect(await rowNames(page)).toEqual(["greeting.txt", "photo.bin"]);

      // Delete the copy with the Delete key, then empty the trash: its bytes stop counting.
      await row(page, "photo.bin").click();
      await page.keyboard.press("Delete");
      await confirm.getByRole("button", { name: "Move to trash" }).click();
      await expect(row(page, "photo.bin")).toHaveCount(0);
      const usedBefore = await quotaUsed(page);

      await page.getByTestId("trash-link").click();
      await expect(row(page, "photo.bin")).toBeVisible();
      await expect(row(page, "photo.bin").getByTestId("trash-location")).toHaveText("My files / Archive");
      await page.getByTestId("empty-trash").click();
      const emptyConfirm = page.getByRole("dialog", { name: "Empty the trash?" });
      await expect(emptyConfirm).toContainText("All 1 item in the trash will be deleted forever");
      await emptyConfirm.getByRole("button", { name: "Delete forever" }).click();
      await expect(emptyConfirm).toBeHidden();
      await expect(page.getByTestId("empty-state")).toContainText("The trash is empty");
      await expect(page.getByTestId("empty-trash")).toBeDisabled();
      expect((await api<{ items: unknown[] }>(page, "GET", "/api/trash")).items).toEqual([]);
      await expect.poll(() => quotaUsed(page)).toBe(usedBefore - PHOTO.bytes.length);
      await dismissToasts(page);
      await snap(page, "05-trash-emptied");
    });

    test("6. downloads: one file byte for byte, a selection as a zip", async ({ page }) => {
      await gotoDrive(page);

      const single = page.waitForEvent("download");
      await contextMenu(page, "photo.bin", "Download");
      const download = await single;
      expect(download.suggestedFilename()).toBe("photo.bin");
      expect(sha256(await downloadBytes(download))).toBe(sha256(PHOTO.bytes));

      // The right-click acted on photo.bin alone: it did not join the selection, so the zip selection starts empty.
      await expect(row(page, "photo.bin")).not.toHaveAttribute("aria-selected", "true");
      await expect(page.getByTestId("selection-bar")).toHaveCount(0);

      // A folder and a file together → one zip.
      await row(page, "Project").getByRole("checkbox").check();
      await row(page, "meeting notes.txt").getByRole("checkbox").check();
      await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
      await snap(page, "06-selection");
      const zipped = page.waitForEvent("download");
      await page.getByTestId("selection-bar").getByRole("button", { name: "Download" }).click();
      const zip = await zipped;
      expect(zip.suggestedFilename()).toBe("download.zip");
      const entries = await readZip(await downloadBytes(zip));
      const files = [...entries.keys()].filter((name) => !name.endsWith("/")).sort();
      expect(files).toEqual(["Project/assets/logo.bin", "Project/readme.md", "Project/src/lib/util.ts", "Project/src/main.ts", "meeting notes.txt"]);
      expect(sha256(entries.get("Project/assets/logo.bin")!)).toBe(sha256(PROJECT["assets/logo.bin"]!));
      expect(entries.get("Project/src/lib/util.ts")!.toString()).toBe(PROJECT["src/lib/util.ts"]!.toString());
      expect(entries.get("meeting notes.txt")!.toString()).toBe(NOTES.bytes.toString());
    });

    test("7. switching to 中文 changes the UI and sticks after a reload", async ({ page }) => {
      await gotoDrive(page);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByTestId("files-link")).toHaveText("My files");

      await page.getByTestId("user-menu").click();
      await page.getByRole("menu").getByRole("menuitem", { name: "简体中文" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(page.getByTestId("files-link")).toHaveText("我的文件");
      await expect(page.getByTestId("trash-link")).toHaveText("回收站");
      await expect(page.getByTestId("upload-files")).toHaveText("上传文件");
      await expect(page.getByTestId("quota-text")).toContainText("已用");
      await snap(page, "07-zh-CN");

      await page.reload();
      await waitForListing(page);
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(page.getByTestId("files-link")).toHaveText("我的文件");
      await expect(page.getByTestId("current-folder")).toHaveText("我的文件");
      await expect(page).toHaveTitle(/我的文件/);
      expect((await api<{ locale: string | null }>(page, "GET", "/api/me")).locale).toBe("zh-CN");
      await snap(page, "07-zh-CN-after-reload");

      // And back to English.
      await page.getByTestId("user-menu").click();
      await page.getByRole("menu").getByRole("menuitem", { name: "English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByTestId("files-link")).toHaveText("My files");
    });

    test.describe("on a phone", () => {
      test.use({ viewport: { width: 375, height: 812 } });

      test("8. at 375 px the drive is usable: drawer, rows, no horizontal scrolling", async ({ page }) => {
        await gotoDrive(page);
        for (const name of ["Project", "Archive", "hello.txt", "meeting notes.txt", "photo.bin"]) await expect(row(page, name)).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        for (const name of ["Project", "photo.bin"]) {
          const box = await row(page, name).getByTestId("node-name").boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= 375).toBeTruthy();
        }
        // The desktop sidebar and buttons give way to a menu button and a "New" menu.
        await expect(page.getByTestId("files-link")).toHaveCount(0);
        await expect(page.getByTestId("upload-files")).toBeHidden();
        await expect(page.getByRole("button", { name: "New", exact: true })).toBeVisible();
        await snap(page, "08-phone-drive");

        await page.getByRole("button", { name: "Open navigation" }).click();
        const drawer = page.getByTestId("nav-drawer");
        await expect(drawer).toBeVisible();
        await expect(drawer.getByTestId("files-link")).toBeVisible();
        await expect(drawer.getByTestId("quota-bar")).toBeVisible();
        await snap(page, "08-phone-drawer");
        await drawer.getByTestId("trash-link").click();
        await expect(page).toHaveURL(/\/trash$/);
        await expect(drawer).toBeHidden();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

        await page.getByRole("button", { name: "Open navigation" }).click();
        await drawer.getByTestId("files-link").click();
        await expect(page).toHaveURL(/\/files$/);
        await expect(drawer).toBeHidden();
        await waitForListing(page);

        // The "New" menu offers the actions the desktop shows as buttons.
        await page.getByRole("button", { name: "New", exact: true }).click();
        const menu = page.getByRole("menu", { name: "New", exact: true });
        await expect(menu.getByRole("menuitem")).toHaveText(["Upload files", "Upload folder", "New folder", "Text file", "Markdown file"]);
        await page.keyboard.press("Escape");
        await expect(menu).toBeHidden();

        // Opening a folder works from a phone too.
        await openFolder(page, "Project");
        expect(await rowNames(page)).toEqual(["assets", "src", "readme.md"]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await snap(page, "08-phone-folder");
        await expect(fileList(page)).toBeVisible();
      });
    });
  });
});
