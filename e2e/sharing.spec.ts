import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { tinyPdf, toneWav } from "./fixtures";
import { api, contextMenu, dismissToasts, downloadBytes, dropFiles, readZip, recordWebm, row, sha256, signIn, snap, waitForListing, waitForUploads, type PageFile } from "./support";

/**
 * Sharing (issue 4) end to end: the owner makes links in the share dialog, anonymous visitors open them in
 * browser contexts of their own (no session), and an internal share reaches another user's "Shared with me".
 * Works on the server of the whole e2e run: after the newcomer spec (setup done) or alone (it does the setup).
 */

const ADMIN = { username: "admin", displayName: "Ada Admin", password: "admin-password-1" };
/** Unique per attempt, so a retry never trips over the accounts of an earlier one. */
const RUN = Date.now().toString(36);
const OWNER = { username: `olga-${RUN}`, displayName: "Olga Owner", password: "olga-password-42" };
const RECIPIENT = { username: `rita-${RUN}`, displayName: `Rita Recipient ${RUN}`, password: "rita-password-42" };
const LINK_PASSWORD = "open sesame 7";

/** Markdown with things a share page must never run. */
const NOTES: PageFile = {
  name: "notes.md",
  type: "text/markdown",
  bytes: Buffer.from(
    [
      "# Quarterly notes",
      "",
      "Ship the **drive** on Friday.",
      "",
      '<script>window.__pwned = "script"</script>',
      '<div onclick="window.__pwned = \'click\'" data-testid="evil-div">click me</div>',
      "",
      "[a bad link](javascript:window.__pwned='link')",
      "",
    ].join("\n"),
  ),
};

/** The most one answer of a capped viewer stream carries (PREVIEW_STREAM_CAP in server/http/share-downloads.ts). */
const STREAM_CAP = 1024 * 1024;
const CLIP_SECONDS = 8;
const PLAN: PageFile = { name: "plan.pdf", type: "application/pdf", bytes: tinyPdf("Secret plan") };
const DROPPED: PageFile = { name: "visitor-secret-name.txt", type: "text/plain", bytes: Buffer.from("dropped by a visitor\n") };

type ShareLinkJson = { id: number; token: string; url: string; nodeId: number; mode: string; hasPassword: boolean; expiresAt: string | null; viewCount: number; downloadCount: number; lastAccessAt: string | null };
type NodeJson = { id: number; name: string; isFolder: boolean };


/** An anonymous visitor: a fresh context with no cookies. */
async function visitor(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  return { context, page: await context.newPage() };
}

async function rootChildren(page: Page): Promise<NodeJson[]> {
  const me = await api<{ space: { rootId: number } }>(page, "GET", "/api/me");
  return (await api<{ items: NodeJson[] }>(page, "GET", `/api/nodes/${me.space.rootId}/children?sort=name&order=asc&limit=200`)).items;
}

async function linkOf(page: Page, token: string): Promise<ShareLinkJson> {
  const { links } = await api<{ links: ShareLinkJson[] }>(page, "GET", "/api/shares/links");
  const link = links.find((candidate) => candidate.token === token);
  expect(link, `link ${token} in /api/shares/links`).toBeTruthy();
  return link!;
}

/** Opens the share dialog from a row's context menu and creates a link with the given options; returns its URL. */
async function createLinkInDialog(page: Page, name: string, options: { mode?: "view" | "preview" | "upload" | "edit"; password?: string; expiry?: boolean; downloadLimit?: number; screenshot?: string }): Promise<string> {
  await contextMenu(page, name, "Share");
  const dialog = page.getByTestId("share-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading", { name: `Share “${name}”` })).toBeVisible();
  const cardTokens = () => dialog.getByTestId("link-card").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-token") ?? ""));
  await expect(dialog.getByTestId("link-new")).toBeVisible();
  const before = await cardTokens();
  await dialog.getByTestId("link-new").click();
  const form = dialog.getByTestId("link-form");
  if (options.mode) await form.getByTestId(`mode-${options.mode}`).check();
  if (options.password) {
    await form.getByTestId("link-use-password").check();
    await form.getByTestId("link-password").fill(options.password);
  }
  if (options.expiry) {
    await form.getByTestId("link-use-expiry").check();
    await expect(form.getByTestId("link-expiry")).not.toHaveValue("");
  }
  if (options.downloadLimit !== undefined) {
    await form.getByTestId("link-use-limit").check();
    await form.getByTestId("link-limit").fill(String(options.downloadLimit));
  }
  await form.getByTestId("link-save").click();
  await expect(form).toBeHidden();
  await expect(dialog.getByTestId("link-card")).toHaveCount(before.length + 1);
  const token = (await cardTokens()).find((candidate) => !before.includes(candidate))!;
  const card = dialog.locator(`[data-testid="link-card"][data-token="${token}"]`);
  if (options.password) await expect(card.getByTestId("link-has-password")).toBeVisible();
  const url = await card.getByTestId("link-url").inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{22,}$/);
  if (options.screenshot) {
    await card.getByTestId("link-qr-toggle").click();
    await expect(card.getByTestId("share-qr")).toBeVisible();
    await dismissToasts(page);
    await snap(page, options.screenshot);
  }
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expect(dialog).toBeHidden();
  return url;
}

test.describe.serial("sharing", () => {
  let pageErrors: string[] = [];
  let owner: { context: BrowserContext; page: Page };
  /** The link URLs made by the owner, for the visitors. */
  const urls: Record<string, string> = {};

  test.beforeEach(() => {
    pageErrors = [];
  });
  test.afterEach(() => {
    expect(pageErrors, "errors in the browser").toEqual([]);
  });
  test.afterAll(async () => {
    await owner?.context.close();
  });

  function watch(context: BrowserContext) {
    context.on("weberror", (error) => pageErrors.push(`uncaught: ${error.error().message}`));
    context.on("console", (message) => {
      if (message.type() !== "error") return;
      const url = message.location().url;
      if (url.endsWith("/favicon.ico")) return;
      // A refused request (401 password, 403 wrong password, 410, 404) is logged by Chromium; the tests check those answers themselves.
      if (/Failed to load resource: the server responded with a status of (400|401|403|404|410|429)/.test(message.text())) return;
      pageErrors.push(`console: ${message.text()} (${url})`);
    });
  }

  test("1. the owner creates a password-protected, expiring link", async ({ browser }) => {
    // The server of this run may be fresh (this spec alone): do the first-run setup through the API.
    const probe = await browser.newContext();
    const setup = await probe.request.get("/api/setup");
    if (((await setup.json()) as { needed: boolean }).needed) {
      const created = await probe.request.post("/api/setup", { data: { username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName } });
      expect(created.ok(), await created.text()).toBeTruthy();
    }
    await probe.close();
    const admin = await signIn(browser, ADMIN);
    for (const user of [OWNER, RECIPIENT]) {
      await api(admin.page, "POST", "/api/admin/users", { ...user, email: `${user.username}@example.com`, role: "user", quota: null });
    }
    await admin.context.close();

    owner = await signIn(browser, OWNER);
    watch(owner.context);
    const { page } = owner;
    await dropFiles(page, page.getByTestId("drop-zone"), [NOTES, PLAN]);
    await waitForUploads(page, 2);
    const me = await api<{ space: { rootId: number } }>(page, "GET", "/api/me");
    for (const name of ["Drop box", "Team handbook"]) await api(page, "POST", `/api/nodes/${me.space.rootId}/children`, { name });
    await page.reload();
    await waitForListing(page);
    await expect(row(page, "Team handbook")).toBeVisible();

    urls.notes = await createLinkInDialog(page, NOTES.name, { password: LINK_PASSWORD, expiry: true, screenshot: "s01-share-dialog-link" });
    const link = await linkOf(page, new URL(urls.notes).pathname.split("/").pop()!);
    expect(link).toMatchObject({ mode: "view", hasPassword: true, viewCount: 0, downloadCount: 0 });
    // "Expires" defaults to a week from today, kept until the end of that day.
    const days = (Date.parse(link.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(8.1);
  });

  test("2. a visitor fails the password once, then previews and downloads", async ({ browser }) => {
    const { context, page } = await visitor(browser);
    watch(context);
    await page.goto(urls.notes);
    const form = page.getByTestId("share-password-form");
    await expect(form).toBeVisible();
    await expect(page.getByTestId("public-name")).toHaveCount(0);
    // Nothing about a protected file leaks into the tags a chat app would preview.
    await expect(page).toHaveTitle("Shared link · Haven");
    await expect(page.locator('meta[property="og:title"]')).toHaveCount(0);
    await form.getByTestId("share-password").fill("not the password");
    await form.getByTestId("share-password-submit").click();
    await expect(page.getByTestId("share-password-error")).toHaveText("That password is not right.");
    await snap(page, "s02-share-password-wrong");

    await form.getByTestId("share-password").fill(LINK_PASSWORD);
    await form.getByTestId("share-password-submit").click();
    await expect(page.getByTestId("public-name")).toHaveText(NOTES.name);
    const preview = page.getByTestId("markdown-preview");
    await expect(preview.getByRole("heading", { name: "Quarterly notes" })).toBeVisible();
    await expect(preview.locator("strong")).toHaveText("drive");
    // The Markdown's raw HTML is shown as text, never as markup; its javascript: link is plain text.
    await expect(preview.locator("script, [onclick]")).toHaveCount(0);
    await expect(preview).toContainText(`<div onclick="window.__pwned = 'click'" data-testid="evil-div">click me</div>`);
    await preview.getByText("click me").click();
    await expect(preview).toContainText("a bad link");
    await expect(preview.locator('a[href^="javascript" i]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    await expect(page.getByTestId("public-file-size")).toHaveText(/\d+ B/);
    await snap(page, "s02-share-page-markdown");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("public-download").click()]);
    expect(download.suggestedFilename()).toBe(NOTES.name);
    expect((await downloadBytes(download)).equals(NOTES.bytes)).toBe(true);

    // The password is remembered for this link: a reload goes straight to the file.
    await page.reload();
    await expect(page.getByTestId("public-name")).toHaveText(NOTES.name);
    await context.close();

    // The owner sees the use: views, one download, a last access.
    const link = await linkOf(owner.page, new URL(urls.notes).pathname.split("/").pop()!);
    expect(link.viewCount).toBeGreaterThanOrEqual(1);
    expect(link.downloadCount).toBe(1);
    expect(link.lastAccessAt).not.toBeNull();
    await owner.page.goto("/shared/by-me");
    const listed = owner.page.locator(`[data-testid="shared-link"][data-token="${link.token}"]`);
    await expect(listed.getByTestId("link-downloads")).toHaveText("1");
    await snap(owner.page, "s02-shared-by-me");

    // The details panel shows the same figures.
    await owner.page.goto("/files");
    await waitForListing(owner.page);
    await contextMenu(owner.page, NOTES.name, "Details");
    const sharing = owner.page.getByTestId("details-sharing");
    await expect(sharing).toContainText("1 link, 0 people");
    await expect(sharing.getByTestId("link-downloads")).toHaveText("1");
    await dismissToasts(owner.page);
    await snap(owner.page, "s02-details-sharing");
    await owner.page.getByTestId("details-close").click();
  });

  test("2b. a revoked link shows the not-found page at once", async ({ browser }) => {
    const { page } = owner;
    await page.goto("/files");
    await waitForListing(page);
    urls.temp = await createLinkInDialog(page, NOTES.name, {});
    const { context, page: guest } = await visitor(browser);
    watch(context);
    await guest.goto(urls.temp);
    await expect(guest.getByTestId("public-name")).toHaveText(NOTES.name);

    await contextMenu(page, NOTES.name, "Share");
    const dialog = page.getByTestId("share-dialog");
    const token = new URL(urls.temp).pathname.split("/").pop()!;
    const card = dialog.locator(`[data-testid="link-card"][data-token="${token}"]`);
    await card.getByTestId("link-revoke").click();
    await card.getByTestId("confirm-revoke").click();
    await expect(card).toHaveCount(0);
    await dialog.getByRole("button", { name: "Close" }).first().click();

    await guest.reload();
    await expect(guest.getByTestId("share-not-found")).toContainText("Link not found");
    await snap(guest, "s02b-share-page-revoked");
    await context.close();
  });

  test("2c. a link past its download limit shows the expired page", async ({ browser }) => {
    await owner.page.goto("/files");
    await waitForListing(owner.page);
    urls.once = await createLinkInDialog(owner.page, NOTES.name, { downloadLimit: 1 });
    const { context, page } = await visitor(browser);
    watch(context);
    await page.goto(urls.once);
    await expect(page.getByTestId("public-ready")).toContainText("1 download left");
    // A streamed preview would use up the download: it waits until the visitor asks for it.
    await expect(page.getByTestId("public-show-preview")).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("public-download").click()]);
    expect((await downloadBytes(download)).equals(NOTES.bytes)).toBe(true);
    await page.reload();
    await expect(page.getByTestId("share-gone")).toContainText("This link has expired");
    await snap(page, "s02c-share-page-gone");
    await context.close();
  });

  test("2d. guessing a link's password is throttled, and the page says so", async ({ browser }) => {
    await owner.page.goto("/files");
    await waitForListing(owner.page);
    // Five free failures per link, then a lock (the IP allows 20, so sign-ins elsewhere in the run are unaffected).
    urls.guarded = await createLinkInDialog(owner.page, PLAN.name, { password: "the real one 9" });
    const { context, page } = await visitor(browser);
    watch(context);
    await page.goto(urls.guarded);
    const form = page.getByTestId("share-password-form");
    const error = page.getByTestId("share-password-error");
    for (let attempt = 1; attempt <= 6; attempt++) {
      await form.getByTestId("share-password").fill(`guess ${attempt}`);
      await form.getByTestId("share-password-submit").click();
      await expect(error).toHaveText("That password is not right.");
      await expect(form.getByTestId("share-password-submit")).toBeEnabled();
    }
    await form.getByTestId("share-password").fill("the real one 9");
    await form.getByTestId("share-password-submit").click();
    await expect(error).toHaveText(/^Too many wrong passwords\. Try again in \d+ s\.$/);
    await expect(page.getByTestId("public-name")).toHaveCount(0);
    await snap(page, "s02d-share-password-throttled");
    await context.close();
  });

  test("3. a preview-only link previews the PDF and gives no bytes to download", async ({ browser }) => {
    await owner.page.goto("/files");
    await waitForListing(owner.page);
    urls.plan = await createLinkInDialog(owner.page, PLAN.name, { mode: "preview" });

    const { context, page } = await visitor(browser);
    watch(context);
    await page.goto(urls.plan);
    await expect(page.getByTestId("public-name")).toHaveText(PLAN.name);
    await expect(page.getByTestId("pdf-preview")).toHaveAttribute("data-status", "ready");
    await expect(page.getByTestId("pdf-page")).toHaveCount(1);
    await expect(page.getByTestId("public-download")).toHaveCount(0);
    // Open Graph carries the name only, and the token never leaves in a Referer.
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", PLAN.name);
    await expect(page.locator('meta[property="og:description"], meta[property="og:image"], meta[name="description"]')).toHaveCount(0);
    await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
    await snap(page, "s03-share-page-preview-only");

    // Every download door answers an error.
    const token = new URL(urls.plan).pathname.split("/").pop()!;
    const share = await (await page.request.get(`/api/public/shares/${token}`)).json();
    expect(share.root.downloadUrl).toBeNull();
    for (const path of [`/api/public/shares/${token}/download/${share.root.id}`, `/api/public/shares/${token}/zip`]) {
      const response = await page.request.get(path);
      expect(response.ok(), `${path} → ${response.status()}`).toBe(false);
    }
    // Opening the viewer's stream as a page (what "Save link as" or a pasted URL does) is refused.
    const opened = await page.goto(share.root.viewerUrl);
    expect(opened?.status()).toBe(403);
    await context.close();

    // The same page on a phone, in Chinese, in dark mode.
    const phone = await visitor(browser, { viewport: { width: 375, height: 812 }, locale: "zh-CN", colorScheme: "dark", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
    watch(phone.context);
    await phone.page.goto(urls.plan);
    await expect(phone.page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(phone.page.getByTestId("public-file-size")).toContainText("仅预览");
    await expect(phone.page.getByTestId("pdf-preview")).toHaveAttribute("data-status", "ready");
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(phone.page, "s03-share-page-phone-zh-dark");
    await phone.context.close();
  });

  test("3b. a shared video plays and seeks by range requests; its preview-only link gives no bytes", async ({ browser }) => {
    test.setTimeout(150_000);
    const { page } = owner;
    const recorded = await recordWebm(owner.context, CLIP_SECONDS);
    expect(recorded.duration).toBeGreaterThan(CLIP_SECONDS - 2);
    const clip: PageFile = { name: "clock.webm", type: "video/webm", bytes: recorded.bytes };
    // Several capped answers long, so a seek near the end needs bytes the player has not fetched yet.
    expect(clip.bytes.length).toBeGreaterThan(2 * STREAM_CAP);
    await page.goto("/files");
    await waitForListing(page);
    await dropFiles(page, page.getByTestId("drop-zone"), [clip]);
    await waitForUploads(page, 1);
    await page.reload();
    await waitForListing(page);
    urls.clipPreview = await createLinkInDialog(page, clip.name, { mode: "preview" });
    urls.clip = await createLinkInDialog(page, clip.name, {});

    const { context, page: guest } = await visitor(browser);
    watch(context);
    const answers: Array<{ status: number; start: number; end: number; forSeek: boolean }> = [];
    let seeking = false;
    guest.on("response", (response) => {
      if (!response.url().includes("/stream/")) return;
      const range = /^bytes (\d+)-(\d+)\//.exec(response.headers()["content-range"] ?? "");
      answers.push({ status: response.status(), start: range ? Number(range[1]) : NaN, end: range ? Number(range[2]) : NaN, forSeek: seeking });
    });
    await guest.goto(urls.clipPreview);
    await expect(guest.getByTestId("public-name")).toHaveText(clip.name);
    const video = guest.getByTestId("video-preview");
    await expect(video).toBeVisible();
    await expect(video).toHaveAttribute("controlslist", /nodownload/);
    await expect(guest.getByTestId("public-download")).toHaveCount(0);

    const target = Math.floor(recorded.duration) - 1;
    const covers = (ranges: number[][], at: number) => ranges.some(([from, to]) => from! <= at && at <= to!);
    const loaded = await video.evaluate(async (element: HTMLVideoElement) => {
      if (element.readyState < HTMLMediaElement.HAVE_METADATA) await new Promise((resolve) => element.addEventListener("loadedmetadata", resolve, { once: true }));
      const buffered = Array.from({ length: element.buffered.length }, (_, i) => [element.buffered.start(i), element.buffered.end(i)]);
      return { duration: element.duration, width: element.videoWidth, height: element.videoHeight, buffered };
    });
    // The remuxed file has a real duration (a raw MediaRecorder file would say Infinity).
    expect(loaded.duration).toBeCloseTo(recorded.duration, 1);
    expect([loaded.width, loaded.height]).toEqual([640, 360]);
    expect(covers(loaded.buffered, target), `${target} s must not be buffered before the seek, or the seek proves nothing`).toBe(false);

    seeking = true;
    const played = await video.evaluate(async (element: HTMLVideoElement, at) => {
      const seeked = new Promise((resolve) => element.addEventListener("seeked", resolve, { once: true }));
      element.currentTime = at;
      await seeked;
      const buffered = Array.from({ length: element.buffered.length }, (_, i) => [element.buffered.start(i), element.buffered.end(i)]);
      const afterSeek = { at: element.currentTime, readyState: element.readyState, buffered };
      element.muted = true;
      const playing = new Promise((resolve) => element.addEventListener("playing", resolve, { once: true }));
      await element.play();
      await playing;
      await new Promise<void>((resolve) => {
        const tick = () => (element.currentTime > afterSeek.at + 0.2 ? resolve() : element.addEventListener("timeupdate", tick, { once: true }));
        tick();
      });
      element.pause();
      return { ...afterSeek, playedTo: element.currentTime };
    }, target);
    expect(played.at).toBeCloseTo(target, 1);
    expect(played.readyState).toBeGreaterThanOrEqual(2); // HAVE_CURRENT_DATA at the new position
    expect(covers(played.buffered, target)).toBe(true);
    expect(played.playedTo).toBeGreaterThan(target + 0.2);
    // The player got capped range answers only (206, at most 1 MiB each, never the whole file as a 200; they are
    // not stored, so the browser cache cannot join them), and after the seek began it asked for bytes past the
    // first capped answer.
    await expect.poll(() => answers.filter((answer) => answer.forSeek && answer.start >= STREAM_CAP).length).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(1);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answers)).toBe(206);
      expect(answer.end - answer.start + 1, JSON.stringify(answers)).toBeLessThanOrEqual(STREAM_CAP);
    }
    const seekStart = answers.find((answer) => answer.forSeek && answer.start >= STREAM_CAP)!.start;
    await video.evaluate((element: HTMLVideoElement) => (element.currentTime = element.currentTime - 0.1));
    await snap(guest, "s03b-share-page-video-preview-only");

    // No download door: no button, the raw URL is refused, the viewer URL is refused as a page and without a
    // Range header it gives the first capped answer only; nothing of it is kept in the browser's cache.
    const token = new URL(urls.clipPreview).pathname.split("/").pop()!;
    const share = (await (await guest.request.get(`/api/public/shares/${token}`)).json()) as { root: { id: number; downloadUrl: string | null; viewerUrl: string } };
    expect(share.root.downloadUrl).toBeNull();
    expect((await guest.request.get(`/api/public/shares/${token}/download/${share.root.id}`)).status()).toBe(403);
    const whole = await guest.request.get(share.root.viewerUrl);
    expect(whole.status()).toBe(206);
    expect(whole.headers()["cache-control"]).toBe("no-store");
    expect((await whole.body()).length).toBe(STREAM_CAP);
    // What the seek asked for ("from here to the end") is answered with one capped part too.
    const rest = await guest.request.get(share.root.viewerUrl, { headers: { Range: `bytes=${seekStart}-` } });
    expect(rest.status()).toBe(206);
    expect(rest.headers()["content-range"]).toBe(`bytes ${seekStart}-${Math.min(seekStart + STREAM_CAP, clip.bytes.length) - 1}/${clip.bytes.length}`);
    expect((await rest.body()).equals(clip.bytes.subarray(seekStart, seekStart + STREAM_CAP))).toBe(true);
    expect((await guest.goto(share.root.viewerUrl))?.status()).toBe(403);
    await context.close();

    // The normal link plays from the start and downloads the very bytes.
    const viewer = await visitor(browser);
    watch(viewer.context);
    await viewer.page.goto(urls.clip);
    const started = await viewer.page.getByTestId("video-preview").evaluate(async (element: HTMLVideoElement) => {
      element.muted = true;
      await element.play();
      await new Promise<void>((resolve) => {
        const tick = () => (element.currentTime > 0.2 ? resolve() : element.addEventListener("timeupdate", tick, { once: true }));
        tick();
      });
      element.pause();
      return { readyState: element.readyState, controlsList: element.getAttribute("controlslist") };
    });
    expect(started.readyState).toBeGreaterThanOrEqual(2);
    expect(started.controlsList).toBeNull();
    await snap(viewer.page, "s03b-share-page-video");
    const [download] = await Promise.all([viewer.page.waitForEvent("download"), viewer.page.getByTestId("public-download").click()]);
    expect(download.suggestedFilename()).toBe(clip.name);
    expect(sha256(await downloadBytes(download))).toBe(sha256(clip.bytes));
    await viewer.context.close();
  });

  test("4. an upload-only link takes a file the visitor cannot see afterwards", async ({ browser }) => {
    await owner.page.goto("/files");
    await waitForListing(owner.page);
    urls.drop = await createLinkInDialog(owner.page, "Drop box", { mode: "upload" });

    const { context, page } = await visitor(browser);
    watch(context);
    await page.goto(urls.drop);
    await expect(page.getByTestId("upload-drop")).toBeVisible();
    await expect(page.getByTestId("public-folder")).toHaveCount(0);
    await page.getByTestId("upload-input").setInputFiles({ name: DROPPED.name, mimeType: DROPPED.type, buffer: DROPPED.bytes });
    await expect(page.getByTestId("upload-received")).toHaveText("1 file received. Thank you!");
    await expect(page.getByText(DROPPED.name)).toHaveCount(0);
    await snap(page, "s04-share-page-upload-only");

    // Not by the page, not by the API, not after a reload.
    const token = new URL(urls.drop).pathname.split("/").pop()!;
    const listing = await page.request.get(`/api/public/shares/${token}/children`);
    expect(listing.status()).toBe(403);
    await page.reload();
    await expect(page.getByTestId("upload-drop")).toBeVisible();
    await expect(page.getByText(DROPPED.name)).toHaveCount(0);
    await context.close();

    // The owner has it.
    const box = (await rootChildren(owner.page)).find((node) => node.name === "Drop box")!;
    const { items } = await api<{ items: NodeJson[] }>(owner.page, "GET", `/api/nodes/${box.id}/children?sort=name&order=asc&limit=50`);
    expect(items.map((item) => item.name)).toEqual([DROPPED.name]);
    await owner.page.goto(`/files/${box.id}`);
    await waitForListing(owner.page);
    await expect(row(owner.page, DROPPED.name)).toBeVisible();
  });

  test("5. an internal share appears in the recipient's Shared with me, and revoking removes it", async ({ browser }) => {
    const { page } = owner;
    await page.goto("/files");
    await waitForListing(page);
    await contextMenu(page, "Team handbook", "Share");
    const dialog = page.getByTestId("share-dialog");
    await dialog.getByTestId("share-tab-people").click();
    await dialog.getByTestId("user-search").fill(RECIPIENT.displayName.split(" ").slice(0, 2).join(" "));
    await dialog.locator(`[data-testid="user-result"][data-username="${RECIPIENT.username}"]`).click();
    const grant = dialog.locator(`[data-testid="grant-row"][data-username="${RECIPIENT.username}"]`);
    await expect(grant).toBeVisible();
    await expect(grant.getByTestId("grant-permission")).toHaveValue("view");
    await dismissToasts(page);
    await snap(page, "s05-share-dialog-people");
    await dialog.getByRole("button", { name: "Close" }).first().click();

    const rita = await signIn(browser, RECIPIENT);
    watch(rita.context);
    await rita.page.getByTestId("shared-with-me-link").click();
    await expect(rita.page).toHaveURL(/\/shared\/with-me$/);
    const item = rita.page.locator('[data-testid="shared-item"][data-name="Team handbook"]');
    await expect(item).toContainText(`From ${OWNER.displayName}`);
    await snap(rita.page, "s05-shared-with-me");
    await item.click();
    await expect(rita.page.getByTestId("current-folder")).toHaveText("Team handbook");
    const folderUrl = rita.page.url();

    // The owner revokes on "Shared by me" (after trying its filters).
    await page.goto("/shared/by-me");
    const shared = page.locator(`[data-testid="shared-grant"][data-username="${RECIPIENT.username}"]`);
    await expect(shared).toBeVisible();
    await page.getByTestId("filter-kind").selectOption("links");
    await expect(shared).toHaveCount(0);
    await expect(page.getByTestId("shared-link").first()).toBeVisible();
    await page.getByTestId("filter-kind").selectOption("people");
    await expect(page.getByTestId("shared-link")).toHaveCount(0);
    await page.getByTestId("filter-mode").selectOption("preview");
    await expect(shared).toHaveCount(0);
    await page.getByTestId("filter-kind").selectOption("links");
    // The preview-only links of tests 3 and 3b, and nothing else.
    const previewTokens = [urls.plan!, urls.clipPreview!].map((url) => new URL(url).pathname.split("/").pop()!).sort();
    await expect.poll(() => page.getByTestId("shared-link").evaluateAll((links) => links.map((link) => link.getAttribute("data-token")).sort())).toEqual(previewTokens);
    await page.getByTestId("filter-kind").selectOption("all");
    await page.getByTestId("filter-mode").selectOption("all");
    await shared.getByTestId("shared-grant-revoke").click();
    await shared.getByTestId("confirm-revoke").click();
    await expect(shared).toHaveCount(0);

    await rita.page.goto("/shared/with-me");
    await expect(rita.page.getByTestId("empty-state")).toContainText("Nothing is shared with you yet");
    const folderId = folderUrl.split("/").pop();
    const gone = await rita.page.request.get(`/api/nodes/${folderId}`);
    expect(gone.status()).toBe(404);
    await rita.context.close();
  });

  test("6. a read-write folder link: browse with breadcrumbs, thumbnails, upload, new folder, rename, delete, zip", async ({ browser }) => {
    const { page } = owner;
    const handbook = (await rootChildren(page)).find((node) => node.name === "Team handbook")!;
    const inner = await api<NodeJson>(page, "POST", `/api/nodes/${handbook.id}/children`, { name: "Chapters" });
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3b82f6" } }).png().toBuffer();
    await page.goto(`/files/${inner.id}`);
    await waitForListing(page);
    await dropFiles(page, page.getByTestId("drop-zone"), [
      { name: "cover.png", type: "image/png", bytes: photo },
      { name: "tone.wav", type: "audio/wav", bytes: toneWav(2) },
    ]);
    await waitForUploads(page, 2);
    await page.goto("/files");
    await waitForListing(page);
    urls.handbook = await createLinkInDialog(page, "Team handbook", { mode: "edit" });

    const { context, page: guest } = await visitor(browser);
    watch(context);
    await guest.goto(urls.handbook);
    const folder = guest.getByTestId("public-folder");
    await expect(guest.getByTestId("public-current-folder")).toHaveText("Team handbook");
    await folder.locator('[data-testid="public-entry"][data-name="Chapters"] button').first().click();
    await expect(guest.getByTestId("public-current-folder")).toHaveText("Chapters");
    // The trail starts at the shared folder: nothing above it.
    await expect(guest.getByTestId("public-crumb")).toHaveText(["Team handbook"]);
    const cover = folder.locator('[data-testid="public-entry"][data-name="cover.png"]');
    // The cached thumbnail is rendered by a job a moment after the upload: the page asks again until it is there.
    await expect.poll(() => cover.getByTestId("public-thumb").evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    await snap(guest, "s06-share-page-folder");

    await cover.locator("button").first().click();
    const overlay = guest.getByTestId("preview-overlay");
    await expect(overlay.getByTestId("image-preview")).toBeVisible();
    await guest.getByTestId("preview-close").click();
    await expect(overlay).toHaveCount(0);

    // Audio plays from the viewer stream, and seeking is served by range requests.
    const streamStatuses: number[] = [];
    guest.on("response", (response) => {
      if (response.url().includes("/stream/")) streamStatuses.push(response.status());
    });
    await folder.locator('[data-testid="public-entry"][data-name="tone.wav"] button').first().click();
    const audio = overlay.getByTestId("audio-preview");
    await expect(audio).toBeVisible();
    const seek = await audio.evaluate(async (element: HTMLAudioElement) => {
      if (element.readyState < 1) await new Promise((resolve) => element.addEventListener("loadedmetadata", resolve, { once: true }));
      element.currentTime = 1.5;
      await new Promise((resolve) => element.addEventListener("seeked", resolve, { once: true }));
      return { duration: element.duration, at: element.currentTime };
    });
    expect(seek.duration).toBeCloseTo(2, 1);
    expect(seek.at).toBeCloseTo(1.5, 1);
    expect(streamStatuses).toContain(206);
    await guest.getByTestId("preview-close").click();

    // Upload into the subfolder, make a folder, rename it, delete the upload.
    await guest.getByTestId("upload-input").setInputFiles({ name: "guest-notes.txt", mimeType: "text/plain", buffer: Buffer.from("from a guest\n") });
    await expect(folder.locator('[data-testid="public-entry"][data-name="guest-notes.txt"]')).toBeVisible();
    await guest.getByTestId("public-new-folder").click();
    await guest.getByTestId("new-folder-dialog").getByRole("textbox").fill("Drafts");
    await guest.getByTestId("new-folder-dialog").getByRole("button", { name: "Create" }).click();
    const drafts = folder.locator('[data-testid="public-entry"][data-name="Drafts"]');
    await expect(drafts).toBeVisible();
    await drafts.getByTestId("public-rename").click();
    await guest.getByTestId("rename-dialog").getByRole("textbox").fill("Final");
    await guest.getByTestId("rename-dialog").getByRole("button", { name: "Rename" }).click();
    await expect(folder.locator('[data-testid="public-entry"][data-name="Final"]')).toBeVisible();
    await folder.locator('[data-testid="public-entry"][data-name="guest-notes.txt"]').getByTestId("public-delete").click();
    await guest.getByTestId("confirm-delete").click();
    await expect(folder.locator('[data-testid="public-entry"][data-name="guest-notes.txt"]')).toHaveCount(0);

    // The zip of the open folder holds what is left in it.
    const [download] = await Promise.all([guest.waitForEvent("download"), guest.getByTestId("public-zip").click()]);
    const entries = [...(await readZip(await downloadBytes(download))).keys()].sort();
    expect(entries.some((name) => name.endsWith("cover.png"))).toBe(true);
    expect(entries.some((name) => name.includes("guest-notes.txt"))).toBe(false);
    await context.close();

    const { items } = await api<{ items: NodeJson[] }>(page, "GET", `/api/nodes/${inner.id}/children?sort=name&order=asc&limit=50`);
    expect(items.map((item) => item.name)).toEqual(["Final", "cover.png", "tone.wav"]);
  });

  test("7. the admin's share policy is enforced when the owner makes a link", async ({ browser }) => {
    const admin = await signIn(browser, ADMIN);
    watch(admin.context);
    await admin.page.getByTestId("admin-settings-link").click();
    await expect(admin.page).toHaveURL(/\/admin\/settings$/);
    const form = admin.page.getByTestId("share-policy-form");
    await form.getByTestId("policy-require-password").check();
    await form.getByTestId("policy-save").click();
    await expect(admin.page.getByTestId("toast").first()).toContainText("Settings saved");
    await dismissToasts(admin.page);
    await snap(admin.page, "s07-admin-share-policy");
    expect((await api<{ requirePassword: boolean }>(admin.page, "GET", "/api/admin/settings/share-policy")).requirePassword).toBe(true);

    try {
      const { page } = owner;
      await page.goto("/files");
      await waitForListing(page);
      await contextMenu(page, PLAN.name, "Share");
      const dialog = page.getByTestId("share-dialog");
      await dialog.getByTestId("link-new").click();
      await dialog.getByTestId("link-save").click();
      await expect(dialog.getByTestId("link-form").getByTestId("form-error")).toBeVisible();
      await dialog.getByRole("button", { name: "Close" }).first().click();
    } finally {
      await form.getByTestId("policy-require-password").uncheck();
      await form.getByTestId("policy-save").click();
      await expect(admin.page.getByTestId("toast").first()).toContainText("Settings saved");
      await admin.context.close();
    }
  });

  test("8. on a phone, in Chinese, in dark mode: the share dialog and Shared by me fit", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: "dark", locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
    watch(context);
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByTestId("login-form").locator("input").first().fill(OWNER.username);
    await page.getByTestId("login-form").locator('input[type="password"]').fill(OWNER.password);
    await page.getByTestId("login-form").locator('button[type="submit"]').click();
    await expect(page).toHaveURL(/\/files$/);
    await waitForListing(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await row(page, NOTES.name).click({ button: "right" });
    await page.getByTestId("context-menu").getByTestId("menu-share").click();
    const dialog = page.getByTestId("share-dialog");
    await expect(dialog.getByTestId("link-card").first()).toBeVisible();
    await expect(dialog.getByTestId("share-tab-links")).toHaveText("公开链接");
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await dialog.getByTestId("link-new").click();
    await expect(dialog.getByTestId("link-form")).toBeVisible();
    await snap(page, "s08-share-dialog-phone-zh-dark");
    await dialog.getByRole("button", { name: "取消" }).click();
    await dialog.getByRole("button", { name: "关闭" }).first().click();

    await page.goto("/shared/by-me");
    await expect(page.getByTestId("shared-link").first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await snap(page, "s08-shared-by-me-phone-zh-dark");
    await context.close();
  });
  test("9. on a phone, in Chinese, in dark mode: every kind of share page fits", async ({ browser }) => {
    const { context, page } = await visitor(browser, { viewport: { width: 375, height: 812 }, colorScheme: "dark", locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
    watch(context);
    /** The player has its first frame and stopped fetching (preload "metadata"), so it shows no loading spinner. */
    const settled = async (video: Locator) => {
      await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState >= 2 && element.networkState === HTMLMediaElement.NETWORK_IDLE)).toBe(true);
      // Chromium's own controls take a moment to fade their spinner out after that (for the screenshot only).
      await page.waitForTimeout(1500);
    };
    /** In Chinese, nothing wider than the phone, and a screenshot to look at. */
    const fits = async (step: string) => {
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${step} overflows`).toBeLessThanOrEqual(0);
      await snap(page, step);
    };
    await page.goto(urls.notes!);
    await expect(page.getByTestId("share-password-form")).toBeVisible();
    await fits("s09-phone-password-gate");
    await page.getByTestId("share-password").fill(LINK_PASSWORD);
    await page.getByTestId("share-password-submit").click();
    await expect(page.getByTestId("markdown-preview").getByRole("heading", { name: "Quarterly notes" })).toBeVisible();
    await fits("s09-phone-view-markdown");

    await page.goto(urls.clip!);
    await expect(page.getByTestId("public-download")).toBeVisible();
    await settled(page.getByTestId("video-preview"));
    await fits("s09-phone-view-video");
    await page.goto(urls.clipPreview!);
    await expect(page.getByTestId("public-file-size")).toContainText("仅预览");
    await settled(page.getByTestId("video-preview"));
    await fits("s09-phone-preview-video");

    await page.goto(urls.drop!);
    await expect(page.getByTestId("upload-drop")).toBeVisible();
    await fits("s09-phone-upload-only");

    await page.goto(urls.handbook!);
    await expect(page.getByTestId("public-current-folder")).toBeVisible();
    await page.getByTestId("public-folder").locator('[data-testid="public-entry"][data-name="Chapters"] button').first().click();
    await expect(page.getByTestId("public-current-folder")).toHaveText("Chapters");
    // The trail has the whole width; the actions go below it, not beside it.
    const trail = await page.getByTestId("public-crumbs").boundingBox();
    const zip = await page.getByTestId("public-zip").boundingBox();
    expect(zip!.y).toBeGreaterThanOrEqual(trail!.y + trail!.height);
    expect(await page.getByTestId("public-crumbs").locator("ol").evaluate((list) => list.getBoundingClientRect().height)).toBeLessThan(40);
    await fits("s09-phone-read-write");
    await page.getByTestId("public-folder").locator('[data-testid="public-entry"][data-name="cover.png"] button').first().click();
    await expect(page.getByTestId("preview-overlay").getByTestId("image-preview")).toHaveJSProperty("complete", true);
    await fits("s09-phone-read-write-image");
    await page.getByTestId("preview-close").click();

    await page.goto(urls.once!);
    await expect(page.getByTestId("share-gone")).toBeVisible();
    await fits("s09-phone-expired");
    await page.goto(urls.temp!);
    await expect(page.getByTestId("share-not-found")).toBeVisible();
    await fits("s09-phone-not-found");
    await context.close();
  });
});
