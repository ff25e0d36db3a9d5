import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Download, type Locator, type Page } from "@playwright/test";
import { ALL_FORMATS, BufferSource, BufferTarget, Conversion, Input, Output, WebMOutputFormat } from "mediabunny";
import { Secret, TOTP } from "otpauth";
import yauzl from "yauzl";
import { ROOT } from "./server-state";

export const SCREENSHOT_DIR = path.join(ROOT, "test-results", "screenshots");

/** Kept as an artifact: test-results/screenshots/<step>.png. */
export async function snap(page: Page, step: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${step}.png`), animations: "disabled" });
}

/** Where the signed-in sessions are kept between tests (inside the global setup's temp dir). */
export function storageStatePath(who: "admin" | "user"): string {
  return path.join(process.env.HAVEN_E2E_DIR ?? os.tmpdir(), `storage-${who}.json`);
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Deterministic pseudo-random bytes (xorshift32), so failures are reproducible. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * A real WebM video of about `seconds` (and its duration as recorded), made by this Chromium (there is no ffmpeg here): frames drawn on a canvas
 * (a running clock over a changing colour, half of it noise so the bitrate, and so the file, stays large: a few
 * MiB), recorded by MediaRecorder, then remuxed by mediabunny. A MediaRecorder stream writes no Duration and no
 * Cues, so a player would show an endless duration and have no seek index; the remux adds both, as every camera or
 * encoder file has. The frames are copied as they are (no re-encoding).
 */
export async function recordWebm(context: BrowserContext, seconds: number): Promise<{ bytes: Buffer; duration: number }> {
  const page = await context.newPage();
  try {
    await page.goto("about:blank");
    const recorded = await page.evaluate(async (length) => {
      const canvas = Object.assign(document.createElement("canvas"), { width: 640, height: 360 });
      document.body.append(canvas);
      const draw = canvas.getContext("2d")!;
      const mimeType = ["video/webm;codecs=vp9", "video/webm;codecs=vp8"].find((type) => MediaRecorder.isTypeSupported(type));
      if (!mimeType) throw new Error("this Chromium records no WebM");
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType, videoBitsPerSecond: 8_000_000 });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start(250);
      const start = performance.now();
      await new Promise<void>((resolve) => {
        const frame = () => {
          const t = (performance.now() - start) / 1000;
          draw.fillStyle = `hsl(${(t * 60) % 360} 70% 45%)`;
          draw.fillRect(0, 0, 640, 360);
          const noise = draw.getImageData(0, 0, 640, 180);
          for (let i = 0; i < noise.data.length; i += 4) noise.data[i] = noise.data[i + 1] = noise.data[i + 2] = Math.random() * 255;
          draw.putImageData(noise, 0, 0);
          draw.fillStyle = "white";
          draw.font = "bold 72px sans-serif";
          draw.fillText(`${t.toFixed(1)} s`, 220, 290);
          if (t < length) requestAnimationFrame(frame);
          else resolve();
        };
        frame();
      });
      recorder.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    }, seconds);
    const input = new Input({ source: new BufferSource(Buffer.from(recorded, "base64")), formats: ALL_FORMATS });
    const output = new Output({ format: new WebMOutputFormat(), target: new BufferTarget() });
    const conversion = await Conversion.init({ input, output });
    if (!conversion.isValid) throw new Error("the recorded WebM cannot be remuxed");
    await conversion.execute();
    // A busy machine drops frames, so the length is what was recorded, not what was asked for.
    const duration = await new Input({ source: new BufferSource(output.target.buffer!), formats: ALL_FORMATS }).computeDuration();
    return { bytes: Buffer.from(output.target.buffer!), duration };
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Media

/** Plays a media element (muted) until its clock has moved past `seconds`; returns where it stopped. */
export async function playFor(media: Locator, seconds: number): Promise<number> {
  return media.evaluate(async (element: HTMLMediaElement, until) => {
    element.muted = true;
    await element.play();
    await new Promise<void>((resolve) => {
      const tick = () => (element.currentTime > until ? resolve() : element.addEventListener("timeupdate", tick, { once: true }));
      tick();
    });
    element.pause();
    return element.currentTime;
  }, seconds);
}

// ---------------------------------------------------------------------------------------------------------
// The drive

export function fileList(page: Page): Locator {
  return page.getByTestId("file-list");
}

/** A row of the open folder (or of the trash) by its exact name. */
export function row(page: Page, name: string): Locator {
  return page.locator(`[data-testid="node-row"][data-name="${name.replace(/["\\]/g, "\\$&")}"]`);
}

/** The names of the rows currently rendered (the list is virtualized; the tests keep folders small). */
export async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId("node-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name") ?? ""));
}

/** Waits until the open folder's listing has loaded (rows or the empty state). */
export async function waitForListing(page: Page): Promise<void> {
  await expect(fileList(page)).toHaveAttribute("aria-busy", "false");
}

export async function openFolder(page: Page, name: string): Promise<void> {
  await row(page, name).dblclick();
  await expect(page.getByTestId("current-folder")).toHaveText(name);
  await waitForListing(page);
}

/** Opens the right-click menu of a row and picks an item by its accessible name. */
export async function contextMenu(page: Page, name: string, item: string | RegExp): Promise<void> {
  await row(page, name).click({ button: "right" });
  const menu = page.getByTestId("context-menu");
  await expect(menu).toBeVisible();
  await menu.getByRole("menuitem", { name: item }).click();
  await expect(menu).toBeHidden();
}

/** Closes the toasts so they don't cover what the next screenshot should show. */
export async function dismissToasts(page: Page): Promise<void> {
  const toasts = page.getByTestId("toast");
  // They also leave by themselves after a few seconds, so a toast may be gone before the click.
  for (let i = 0; i < 10 && (await toasts.count()) > 0; i++) {
    await toasts.first().getByRole("button", { name: "Close" }).click({ timeout: 2_000 }).catch(() => undefined);
  }
  await expect(toasts).toHaveCount(0);
}

// ---------------------------------------------------------------------------------------------------------
// Uploads

export type PageFile = { name: string; type: string; bytes: Buffer };

/**
 * Drags files from "the desktop" onto an element: a DataTransfer built in the page with File objects,
 * then dragenter, dragover and drop dispatched on the element (the way Chromium would).
 */
export async function dropFiles(page: Page, target: Locator, files: PageFile[], whileDragging?: () => Promise<void>): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, type: file.type, base64: file.bytes.toString("base64") }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const file of list) {
      const binary = atob(file.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      dt.items.add(new File([bytes], file.name, { type: file.type, lastModified: Date.now() }));
    }
    return dt;
  }, payload);
  await target.dispatchEvent("dragenter", { dataTransfer });
  await target.dispatchEvent("dragover", { dataTransfer });
  if (whileDragging) await whileDragging();
  await target.dispatchEvent("drop", { dataTransfer });
  await dataTransfer.dispose();
}

/** Waits until the upload panel says that all `count` queued uploads are done. */
export async function waitForUploads(page: Page, count: number): Promise<void> {
  const panel = page.getByTestId("upload-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("upload-summary")).toHaveText(`${count} ${count === 1 ? "upload" : "uploads"} complete`, { timeout: 60_000 });
  await expect(panel.getByTestId("upload-stats")).toHaveText("100%");
  await expect(panel.locator('[data-testid="upload-item"]:not([data-status="done"])')).toHaveCount(0);
}

/** Closes the (settled) upload panel, which also clears its list, so the next batch is counted alone. */
export async function closeUploadPanel(page: Page): Promise<void> {
  const panel = page.getByTestId("upload-panel");
  await panel.getByRole("button", { name: "Close uploads" }).click();
  await expect(panel).toBeHidden();
}

// ---------------------------------------------------------------------------------------------------------
// Downloads

export async function downloadBytes(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFile(file);
}

/** Every entry of a zip file: name → bytes (directories end with "/" and have no bytes). */
export async function readZip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith("/")) {
        entries.set(entry.fileName, Buffer.alloc(0));
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", reject);
        stream.on("end", () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

// ---------------------------------------------------------------------------------------------------------
// The REST API with the page's session (for checks the UI can't show directly)

export async function api<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  const response = await page.request.fetch(url, { method, data: body === undefined ? undefined : body });
  expect(response.ok(), `${method} ${url} → ${response.status()} ${await response.text()}`).toBeTruthy();
  return (await response.json()) as T;
}

/** A fresh browser context signed in as `user` through the sign-in form, on its drive's listing. */
export async function signIn(browser: Browser, user: { username: string; password: string }, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/files$/);
  await waitForListing(page);
  return { context, page };
}

/** Fills in and submits the sign-in form (fields by name: the phone tests run in Chinese too); waits for nothing. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId("login-submit").click();
}

/** No sideways scrolling (on a phone). */
export async function expectFitsWidth(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** The code an authenticator app shows `steps` periods from now (the server accepts one step of drift). */
export function totpCode(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });
}

/** The first-run admin every spec after the newcomer's uses (the newcomer's setup creates it). */
export const ADMIN = { username: "admin", displayName: "Ada Admin", password: "admin-password-1" };

/** A fresh context signed in as ADMIN, creating it through the setup API when a spec runs on a fresh server. */
export async function adminSession(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const setup = await context.request.get("/api/setup");
  if (((await setup.json()) as { needed: boolean }).needed) {
    const created = await context.request.post("/api/setup", { data: { username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName } });
    expect(created.ok(), await created.text()).toBeTruthy();
  }
  const page = await context.newPage();
  await submitSignIn(page, ADMIN.username, ADMIN.password);
  await expect(page).toHaveURL(/\/files$/);
  // An account's own language wins over the browser's and the cookie; a spec before may have set the admin's. Clear it,
  // so this context's locale decides.
  await api(page, "PATCH", "/api/me/profile", { locale: null });
  await page.reload();
  await waitForListing(page);
  return { context, page };
}
