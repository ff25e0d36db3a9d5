import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { tinyPdf, toneWav } from "./fixtures";
import { adminSession, api, contextMenu, dismissToasts, dropFiles, expectFitsWidth, playFor, recordWebm, row, signIn, snap, submitSignIn, waitForListing, waitForUploads, type PageFile } from "./support";

/**
 * The drive's viewers and editor (issue 12): every kind of file opens in the one viewer (lightbox with next, video
 * and audio that play, PDF, Chinese text, highlighted code, rendered Markdown, a details card), a new Markdown file
 * is edited and saved as a version, a concurrent save gets the conflict choice, and the viewers fit a phone in
 * English and Chinese, dark.
 */

const RUN = Date.now().toString(36);
const OWNER = { username: `vivi-${RUN}`, displayName: "Vivi Viewer", password: "vivi-password-42" };
const PHONE = { width: 375, height: 740 };

async function png(color: string, width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

/** A landscape JPEG (60×30 pixels as stored) whose EXIF says "rotate 90° clockwise": shown upright it is 30×60. */
async function rotatedJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 60, height: 30, channels: 3, background: "#2a9d8f" } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
}

/** Markdown, GBK text and code: what the text viewer decodes and renders. */
const NOTES = "# Release notes\n\nThe **drive** now has viewers.\n\n- images\n- video\n";
// "会议记录：周五发布新版本。" in GBK (Node cannot encode GBK; the bytes were made with Python's codec).
const GBK = Buffer.from("bbe1d2e9bcc7c2bca3bad6dccee5b7a2b2bcd0c2b0e6b1bea1a3", "hex");

async function files(): Promise<PageFile[]> {
  return [
    { name: "a-red.png", type: "image/png", bytes: await png("#e63946") },
    { name: "b-blue.png", type: "image/png", bytes: await png("#457b9d") },
    { name: "c-turned.jpg", type: "image/jpeg", bytes: await rotatedJpeg() },
    { name: "tone.wav", type: "audio/wav", bytes: toneWav(2) },
    { name: "plan.pdf", type: "application/pdf", bytes: tinyPdf("Viewer plan") },
    { name: "会议记录.txt", type: "text/plain", bytes: Buffer.from("会议记录：周五发布新版本。\n第二行。\n") },
    { name: "旧编码.txt", type: "text/plain", bytes: GBK },
    { name: "notes.md", type: "text/markdown", bytes: Buffer.from(NOTES) },
    { name: "app.ts", type: "text/plain", bytes: Buffer.from("export function greet(name: string): string {\n  return `hello ${name}`;\n}\n") },
    { name: "data.bin", type: "application/octet-stream", bytes: Buffer.from([0, 1, 2, 3, 4, 5]) },
  ];
}

function overlay(page: Page): Locator {
  return page.getByTestId("preview-overlay");
}

async function close(page: Page): Promise<void> {
  await overlay(page).getByTestId("preview-close").click();
  await expect(overlay(page)).toHaveCount(0);
}

/** Types into the open CodeMirror editor at the end of its text. */
async function typeInEditor(page: Page, text: string): Promise<void> {
  const content = overlay(page).locator(".cm-content");
  await content.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type(text);
}

/**
 * A stand-in office server on a free port: its discovery document offers "edit" for .odt, and its editor page
 * records the access token and WOPISrc that Haven's launch page posts to it.
 */
async function fakeOfficeServer(): Promise<{ discoveryUrl: string; launches: Array<{ token: string; wopiSrc: string }>; close: () => Promise<void> }> {
  const launches: Array<{ token: string; wopiSrc: string }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://office");
    if (req.method === "GET" && url.pathname === "/hosting/discovery") {
      const urlsrc = `http://127.0.0.1:${(server.address() as AddressInfo).port}/browser/edit.html?`;
      res.writeHead(200, { "Content-Type": "text/xml" }).end(
        `<?xml version="1.0"?><wopi-discovery><net-zone name="external-http"><app name="writer"><action ext="odt" name="edit" urlsrc="${urlsrc}"/></app></net-zone></wopi-discovery>`,
      );
    } else if (req.method === "POST" && url.pathname === "/browser/edit.html") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        launches.push({ token: new URLSearchParams(body).get("access_token") ?? "", wopiSrc: url.searchParams.get("WOPISrc") ?? "" });
        res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>Fake office editor</h1>");
      });
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    discoveryUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hosting/discovery`,
    launches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function nodeId(page: Page, folderId: number, name: string): Promise<number> {
  const { items } = await api<{ items: Array<{ id: number; name: string }> }>(page, "GET", `/api/nodes/${folderId}/children?limit=200`);
  return items.find((item) => item.name === name)!.id;
}

test.describe.serial("viewers and the editor", () => {
  let owner: { context: BrowserContext; page: Page };
  let rootId: number;
  const errors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    const admin = await adminSession(browser);
    await api(admin.page, "POST", "/api/admin/users", { ...OWNER, role: "user", quota: null });
    await admin.context.close();
    owner = await signIn(browser, OWNER);
    owner.context.on("weberror", (error) => errors.push(error.error().message));
    rootId = (await api<{ space: { rootId: number } }>(owner.page, "GET", "/api/me")).space.rootId;
    const clip = await recordWebm(owner.context, 8);
    const all = [...(await files()), { name: "clock.webm", type: "video/webm", bytes: clip.bytes }];
    await dropFiles(owner.page, owner.page.getByTestId("drop-zone"), all);
    await waitForUploads(owner.page, all.length);
    await owner.page.reload();
    await waitForListing(owner.page);
  });
  test.afterAll(async () => {
    await owner?.context.close();
  });
  test.afterEach(() => {
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  test("1. images open in the lightbox: next, arrow keys, zoom, rotate, EXIF orientation", async () => {
    const { page } = owner;
    await row(page, "a-red.png").dblclick();
    const view = overlay(page);
    await expect(view.getByTestId("preview-name")).toHaveText("a-red.png");
    await expect(view.getByTestId("image-position")).toContainText("1 of 3");
    await expect(view.getByTestId("image-preview")).toHaveJSProperty("complete", true);
    await expect(view.getByTestId("viewer-previous")).toBeDisabled();
    await snap(page, "v01-lightbox");
    await view.getByTestId("viewer-next").click();
    await expect(view.getByTestId("preview-name")).toHaveText("b-blue.png");
    await page.keyboard.press("ArrowRight");
    await expect(view.getByTestId("preview-name")).toHaveText("c-turned.jpg");
    await expect(view.getByTestId("viewer-next")).toBeDisabled();
    // The browser applies the EXIF orientation: the 60×30 JPEG shows upright as 30×60.
    const image = view.getByTestId("image-preview");
    await expect(image).toHaveJSProperty("complete", true);
    expect(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([30, 60]);
    await page.keyboard.press("+");
    await expect(image).toHaveAttribute("data-zoom", "1.5");
    await view.getByTestId("image-rotate").click();
    await expect(image).toHaveAttribute("data-rotation", "90");
    await page.keyboard.press("0");
    await expect(image).toHaveAttribute("data-zoom", "1");
    await expect(image).toHaveAttribute("data-rotation", "0");
    // A swipe to the right goes back.
    const box = (await image.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect(view.getByTestId("preview-name")).toHaveText("b-blue.png");
    await page.keyboard.press("Escape");
    await expect(view).toHaveCount(0);
  });

  test("2. video and audio play in the viewer, and the content URL answers ranges", async () => {
    const { page } = owner;
    const videoId = await nodeId(page, rootId, "clock.webm");
    const ranged = await page.request.get(`/api/files/${videoId}/content`, { headers: { Range: "bytes=100-199" } });
    expect(ranged.status()).toBe(206);
    expect(ranged.headers()["content-range"]).toMatch(/^bytes 100-199\/\d+$/);
    expect((await ranged.body()).length).toBe(100);

    // What this Chromium decodes (Debian's build has no H.264): recorded in the report, the test uses WebM/VP8-9.
    const codecs = await page.evaluate(() => {
      const probe = document.createElement("video");
      return ['video/webm; codecs="vp8, opus"', 'video/webm; codecs="vp9"', 'video/mp4; codecs="avc1.42E01E, mp4a.40.2"'].map((type) => `${type}: ${probe.canPlayType(type) || "no"}`);
    });
    test.info().annotations.push({ type: "codecs", description: codecs.join("; ") });
    console.log(`codecs: ${codecs.join("; ")}`);

    await row(page, "clock.webm").dblclick();
    const video = overlay(page).getByTestId("video-preview");
    expect(await playFor(video, 0.5)).toBeGreaterThan(0.5);
    // Seeking reads from the middle of the file (a range request), and the clock moves on from there.
    const seeked = await video.evaluate(async (element: HTMLVideoElement) => {
      element.currentTime = 4;
      await new Promise((resolve) => element.addEventListener("seeked", resolve, { once: true }));
      return element.currentTime;
    });
    expect(seeked).toBeGreaterThanOrEqual(3.9);
    expect(await playFor(video, seeked + 0.3)).toBeGreaterThan(seeked + 0.3);
    await snap(page, "v02-video");
    await close(page);

    await contextMenu(page, "tone.wav", "Open");
    expect(await playFor(overlay(page).getByTestId("audio-preview"), 0.3)).toBeGreaterThan(0.3);
    await snap(page, "v03-audio");
    await close(page);
  });

  test("3. PDF, Chinese text, GBK text, highlighted code, Markdown with its source, and a details card", async () => {
    const { page } = owner;
    const view = overlay(page);
    await row(page, "plan.pdf").dblclick();
    await expect(view.getByTestId("pdf-preview")).toHaveAttribute("data-status", "ready");
    await expect(view.getByTestId("pdf-page")).toHaveCount(1);
    await snap(page, "v04-pdf");
    await close(page);

    await row(page, "会议记录.txt").dblclick();
    await expect(view.getByTestId("plain-preview")).toContainText("会议记录：周五发布新版本。");
    await expect(view.getByTestId("text-preview")).toHaveAttribute("data-encoding", "utf-8");
    await snap(page, "v05-text-chinese");
    await close(page);

    await row(page, "旧编码.txt").dblclick();
    await expect(view.getByTestId("plain-preview")).toContainText("会议记录：周五发布新版本。");
    await expect(view.getByTestId("text-encoding")).toContainText("GB18030");
    await close(page);

    await row(page, "app.ts").dblclick();
    await expect(view.getByTestId("code-preview").locator(".hljs-keyword").first()).toHaveText("export");
    await snap(page, "v06-code");
    await close(page);

    await row(page, "notes.md").dblclick();
    await expect(view.getByTestId("markdown-preview").getByRole("heading", { name: "Release notes" })).toBeVisible();
    await expect(view.getByTestId("markdown-preview").locator("strong")).toHaveText("drive");
    await snap(page, "v07-markdown");
    await view.getByTestId("markdown-toggle").click();
    await expect(view.getByTestId("plain-preview")).toContainText("# Release notes");
    await view.getByTestId("markdown-toggle").click();
    await expect(view.getByTestId("markdown-preview")).toBeVisible();
    await close(page);

    await row(page, "data.bin").dblclick();
    await expect(view.getByTestId("no-preview")).toBeVisible();
    await expect(view.getByTestId("details-download")).toHaveAttribute("href", /\/content\?download=1$/);
    await snap(page, "v08-details-card");
    await close(page);
  });

  test("4. a new Markdown file is edited and saved as a version; unsaved edits ask before closing", async () => {
    const { page } = owner;
    await page.getByTestId("new-file").click();
    await page.getByTestId("new-markdown-file").click();
    await page.getByTestId("new-file-dialog-input").fill("plan.md");
    await page.getByTestId("new-file-dialog-confirm").click();
    const editor = overlay(page).getByTestId("text-editor");
    await expect(editor).toHaveAttribute("data-status", "ready");
    await typeInEditor(page, "# Plan\n\nShip the viewers.");
    await expect(editor).toHaveAttribute("data-dirty", "true");
    await snap(page, "v09-editor");
    await overlay(page).getByTestId("editor-save").click();
    await expect(editor).toHaveAttribute("data-dirty", "false");
    await dismissToasts(page);
    const id = await nodeId(page, rootId, "plan.md");
    expect((await (await page.request.get(`/api/files/${id}/content`)).text())).toBe("# Plan\n\nShip the viewers.");

    // Back to the preview: the saved Markdown is rendered.
    await overlay(page).getByTestId("viewer-view").click();
    await expect(overlay(page).getByTestId("markdown-preview").getByRole("heading", { name: "Plan" })).toBeVisible();
    await overlay(page).getByTestId("viewer-edit").click();
    await expect(editor).toHaveAttribute("data-status", "ready");
    await typeInEditor(page, " Draft");
    await overlay(page).getByTestId("preview-close").click();
    await expect(page.getByTestId("confirm-dialog")).toBeVisible();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Cancel" }).click();
    await expect(editor).toHaveAttribute("data-dirty", "true");
    await overlay(page).getByTestId("preview-close").click();
    await page.getByTestId("discard-changes").click();
    await expect(overlay(page)).toHaveCount(0);

    // The save is a version: the details panel lists two (the empty file, then the saved text).
    await contextMenu(page, "plan.md", "Details");
    await expect(page.getByTestId("details-panel").getByTestId("version-item")).toHaveCount(2);
    await snap(page, "v10-versions");
    await page.getByTestId("details-close").click();
  });

  test("5. a save after someone else's gets the choice: copy, reload, overwrite", async () => {
    const { page } = owner;
    const id = await nodeId(page, rootId, "plan.md");
    const theirs = async (text: string) => {
      const response = await page.request.put(`/api/nodes/${id}/content`, { data: text, headers: { "Content-Type": "text/plain" } });
      expect(response.ok()).toBeTruthy();
    };
    const editor = overlay(page).getByTestId("text-editor");
    const dialog = page.getByTestId("conflict-dialog");

    await row(page, "plan.md").dblclick();
    await overlay(page).getByTestId("viewer-edit").click();
    await expect(editor).toHaveAttribute("data-status", "ready");
    await theirs("# Theirs\n");
    await typeInEditor(page, "\nMine one.");
    await overlay(page).getByTestId("editor-save").click();
    await expect(dialog).toBeVisible();
    await snap(page, "v11-conflict");
    // Save as a copy: mine lands in "plan (1).md", the editor now shows theirs.
    await dialog.getByTestId("conflict-copy").click();
    await expect(overlay(page).locator(".cm-content")).toHaveText("# Theirs");
    await expect(editor).toHaveAttribute("data-dirty", "false");
    const copyId = await nodeId(page, rootId, "plan (1).md");
    expect(await (await page.request.get(`/api/files/${copyId}/content`)).text()).toContain("Mine one.");

    // Reload: mine is dropped for theirs.
    await theirs("# Theirs again\n");
    await typeInEditor(page, "\nMine two.");
    await overlay(page).getByTestId("editor-save").click();
    await dialog.getByTestId("conflict-reload").click();
    await expect(overlay(page).locator(".cm-content")).toHaveText("# Theirs again");

    // Overwrite: mine wins.
    await theirs("# Third\n");
    await typeInEditor(page, "\nMine three.");
    await overlay(page).getByTestId("editor-save").click();
    await dialog.getByTestId("conflict-overwrite").click();
    await expect(editor).toHaveAttribute("data-dirty", "false");
    expect(await (await page.request.get(`/api/files/${id}/content`)).text()).toBe("# Theirs again\n\nMine three.");
    await dismissToasts(page);
    await close(page);
  });

  test("6. Open in office: the editor gets a token by form post, and the WOPI calls work with it", async ({ browser }) => {
    const { page } = owner;
    const id = await nodeId(page, rootId, "plan.pdf");
    // Without an office server the browser offers nothing, asking is refused, and WOPI refuses tokenless calls.
    await row(page, "plan.pdf").dblclick();
    await expect(overlay(page).getByTestId("open-in-office")).toHaveCount(0);
    await close(page);
    expect((await page.request.post(`/api/nodes/${id}/office`)).status()).toBe(503);
    expect((await page.request.get(`/wopi/files/${id}`)).status()).toBe(401);
    expect((await page.request.get(`/wopi/files/${id}?access_token=abc.def`)).status()).toBe(401);

    const office = await fakeOfficeServer();
    const admin = await adminSession(browser);
    try {
      await admin.page.goto("/admin/settings");
      await admin.page.getByTestId("office-discovery-url").fill(office.discoveryUrl);
      await admin.page.getByTestId("office-save").click();
      await expect(admin.page.getByTestId("toast").first()).toBeVisible();
      await snap(admin.page, "v12-admin-office");

      await dropFiles(page, page.getByTestId("drop-zone"), [{ name: "report.odt", type: "application/vnd.oasis.opendocument.text", bytes: Buffer.from("odt v1") }]);
      await waitForUploads(page, 1);
      await page.reload();
      await waitForListing(page);
      await row(page, "report.odt").dblclick();
      const popup = page.waitForEvent("popup");
      await overlay(page).getByTestId("open-in-office").click();
      const editorTab = await popup;
      await expect(editorTab.locator("h1")).toHaveText("Fake office editor");
      await editorTab.close();
      await close(page);
      const launched = office.launches.at(-1)!;
      const odtId = await nodeId(page, rootId, "report.odt");
      expect(launched.wopiSrc).toMatch(new RegExp(`/wopi/files/${odtId}$`));

      // The office server's calls, with the token it was given.
      const wopi = `/wopi/files/${odtId}?access_token=${encodeURIComponent(launched.token)}`;
      const info = await page.request.get(wopi);
      expect(info.status()).toBe(200);
      expect(await info.json()).toMatchObject({ BaseFileName: "report.odt", Size: 6, UserCanWrite: true, SupportsLocks: true });
      expect((await page.request.post(wopi, { headers: { "X-WOPI-Override": "LOCK", "X-WOPI-Lock": "lock-1" } })).status()).toBe(200);
      const mismatch = await page.request.post(wopi, { headers: { "X-WOPI-Override": "LOCK", "X-WOPI-Lock": "lock-2" } });
      expect(mismatch.status()).toBe(409);
      expect(mismatch.headers()["x-wopi-lock"]).toBe("lock-1");
      const put = await page.request.post(wopi.replace("?", "/contents?"), { headers: { "X-WOPI-Override": "PUT", "X-WOPI-Lock": "lock-1" }, data: Buffer.from("odt v2") });
      expect(put.status()).toBe(200);
      expect(put.headers()["x-wopi-itemversion"]).toBeTruthy();
      expect(await (await page.request.get(wopi.replace("?", "/contents?"))).text()).toBe("odt v2");
      expect((await page.request.post(wopi, { headers: { "X-WOPI-Override": "UNLOCK", "X-WOPI-Lock": "lock-1" } })).status()).toBe(200);
      expect((await page.request.get(`/wopi/files/${id}?access_token=${encodeURIComponent(launched.token)}`)).status()).toBe(401);
    } finally {
      await api(admin.page, "PUT", "/api/admin/settings/office", { discoveryUrl: null });
      await admin.context.close();
      await office.close();
    }
  });

  for (const locale of ["en", "zh-CN"] as const) {
    test(`7. the viewers on a phone in ${locale}, dark`, async ({ browser }) => {
      test.setTimeout(120_000);
      const { context, page } = await phone(browser, locale);
      try {
        const shots: Array<[string, string, (view: Locator) => Promise<void>]> = [
          ["b-blue.png", "lightbox", (view) => expect(view.getByTestId("image-preview")).toHaveJSProperty("complete", true)],
          ["plan.pdf", "pdf", (view) => expect(view.getByTestId("pdf-preview")).toHaveAttribute("data-status", "ready")],
          ["会议记录.txt", "text", (view) => expect(view.getByTestId("plain-preview")).toBeVisible()],
          ["app.ts", "code", (view) => expect(view.getByTestId("code-preview")).toBeVisible()],
          ["notes.md", "markdown", (view) => expect(view.getByTestId("markdown-preview")).toBeVisible()],
          ["data.bin", "details", (view) => expect(view.getByTestId("no-preview")).toBeVisible()],
          ["tone.wav", "audio", (view) => expect(view.getByTestId("audio-preview")).toBeVisible()],
        ];
        for (const [name, shot, ready] of shots) {
          await row(page, name).tap();
          await ready(overlay(page));
          await expectFitsWidth(page);
          await snap(page, `viewers-phone-${locale}-${shot}`);
          await close(page);
        }
        await row(page, "plan.md").tap();
        await overlay(page).getByTestId("viewer-edit").click();
        await expect(overlay(page).getByTestId("text-editor")).toHaveAttribute("data-status", "ready");
        await expectFitsWidth(page);
        await snap(page, `viewers-phone-${locale}-editor`);
        await close(page);
        await page.getByTestId("new-menu").click();
        await expect(page.getByTestId("new-markdown-file")).toBeVisible();
        await snap(page, `viewers-phone-${locale}-new-menu`);
        await page.keyboard.press("Escape");
      } finally {
        await context.close();
      }
    });
  }

  /** The owner on a 375 px phone, dark, in `locale` (the account's own language wins over the cookie: set both). */
  async function phone(browser: Browser, locale: "en" | "zh-CN"): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: PHONE, colorScheme: "dark", locale: locale === "en" ? "en-US" : "zh-CN", hasTouch: true });
    const page = await context.newPage();
    await submitSignIn(page, OWNER.username, OWNER.password);
    await expect(page).toHaveURL(/\/files$/);
    await api(page, "PATCH", "/api/me/profile", { locale });
    await page.reload();
    await waitForListing(page);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    return { context, page };
  }
});
