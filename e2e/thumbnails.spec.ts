import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { HEIC_SAMPLE_64x48 } from "../lib/media/heic-sample";
import { tinyPdf } from "./fixtures";
import { adminSession, api, closeUploadPanel, contextMenu, dropFiles, expectFitsWidth, row, signIn, snap, waitForListing, waitForUploads, type PageFile } from "./support";

/**
 * Thumbnails (issue 12): photos uploaded through the page get thumbnails from the render job; the grid is a photo grid
 * of square tiles whose images really load, the list shows small ones, the details panel a large one, the share
 * page the same cached ones; Admin → Jobs regenerates them. Phone screenshots in English and Chinese, dark.
 */

const RUN = Date.now().toString(36);
const USER = { username: `pia-${RUN}`, displayName: "Pia Photos", password: "pia-password-42" };
const PHONE = { width: 375, height: 740 };

/** A photo-like JPEG: a colour gradient with a disc, `width`×`height` as stored, with an EXIF orientation. */
async function photo(width: number, height: number, hue: number, orientation = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const disc = (x - width / 3) ** 2 + (y - height / 2) ** 2 < (height / 4) ** 2;
      pixels[i] = disc ? 250 : (hue + (x * 120) / width) % 256;
      pixels[i + 1] = disc ? 220 : (80 + (y * 150) / height) % 256;
      pixels[i + 2] = disc ? 60 : (200 - hue / 2) % 256;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).withMetadata({ orientation }).toBuffer();
}

const natural = (img: Locator) => img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));

/** Waits until the tile's (or row's) thumbnail has really loaded, and returns its pixel size. */
async function loadedThumbnail(container: Locator, testId = "thumbnail"): Promise<{ width: number; height: number }> {
  const img = container.getByTestId(testId);
  await expect.poll(async () => (await img.count()) > 0 && (await natural(img)).width, { timeout: 30_000 }).toBeGreaterThan(0);
  return natural(img);
}

async function setGridView(page: Page, grid: boolean) {
  const toggle = page.getByTestId("view-toggle");
  const isGrid = async () => (await page.locator('[data-testid="node-row"][role="gridcell"]').count()) > 0;
  if ((await isGrid()) !== grid) await toggle.click();
  await expect.poll(isGrid).toBe(grid);
}

test.describe.serial("thumbnails", () => {
  let user: { context: BrowserContext; page: Page };
  let albumId: number;
  const errors: string[] = [];
  const photos: PageFile[] = [];

  test.beforeAll(async ({ browser }) => {
    const admin = await adminSession(browser);
    await api(admin.page, "POST", "/api/admin/users", { ...USER, role: "user", quota: null });
    await admin.context.close();
    user = await signIn(browser, USER);
    user.context.on("weberror", (error) => errors.push(error.error().message));
    photos.push(
      { name: "beach.jpg", type: "image/jpeg", bytes: await photo(1600, 1000, 20) },
      // Stored landscape, EXIF "rotate 90°": shown (and thumbnailed) upright.
      { name: "portrait.jpg", type: "image/jpeg", bytes: await photo(1200, 800, 140, 6) },
      { name: "sunset.png", type: "image/png", bytes: await sharp(await photo(900, 900, 200)).png().toBuffer() },
      { name: "flyer.pdf", type: "application/pdf", bytes: tinyPdf("Summer party") },
      { name: "notes.txt", type: "text/plain", bytes: Buffer.from("no thumbnail for text\n") },
      // A real HEIC: sharp's prebuilt libvips has no HEVC decoder, so on such a build it keeps its icon.
      { name: "iphone.heic", type: "image/heic", bytes: HEIC_SAMPLE_64x48 },
    );
  });
  test.afterAll(async () => {
    await user?.context.close();
  });
  test.afterEach(() => {
    expect(errors, "uncaught errors in the pages").toEqual([]);
  });

  test("1. uploaded photos show as loaded thumbnails in the grid, the list and the details panel", async () => {
    const { page } = user;
    const me = await api<{ space: { rootId: number } }>(page, "GET", "/api/me");
    albumId = (await api<{ id: number }>(page, "POST", `/api/nodes/${me.space.rootId}/children`, { name: "Album" })).id;
    await page.goto(`/files/${albumId}`);
    await waitForListing(page);
    await dropFiles(page, page.getByTestId("drop-zone"), photos);
    await waitForUploads(page, photos.length);
    await closeUploadPanel(page);

    await setGridView(page, true);
    for (const name of ["beach.jpg", "sunset.png", "flyer.pdf"]) expect((await loadedThumbnail(row(page, name))).width).toBeGreaterThan(0);
    const upright = await loadedThumbnail(row(page, "portrait.jpg"));
    expect(upright.height).toBeGreaterThan(upright.width);
    // Square tiles; a text file keeps its icon.
    const box = (await row(page, "beach.jpg").boundingBox())!;
    expect(Math.abs(box.width - box.height)).toBeLessThan(2);
    await expect(row(page, "notes.txt").getByTestId("thumbnail")).toHaveCount(0);
    // HEIC: once its render has run (no Retry-After), either a thumbnail, or (no HEVC decoder) the image icon for good.
    const heic = row(page, "iphone.heic");
    const heicSrc = (await heic.getByTestId("thumbnail").getAttribute("src"))!;
    await expect.poll(async () => (await page.request.get(heicSrc)).headers()["retry-after"] ?? "done", { timeout: 30_000 }).toBe("done");
    if ((await page.request.get(heicSrc)).ok()) expect((await loadedThumbnail(heic)).width).toBeGreaterThan(0);
    else {
      await expect(heic.getByTestId("thumbnail")).toHaveCount(0, { timeout: 45_000 });
      await expect(heic.locator('[data-kind="image"]')).toBeVisible();
    }
    await snap(page, "thumbnails-01-grid");

    // The thumbnail route: cached for a year under the versioned URL, 304 on revalidation, 404 for a stranger's eyes.
    const src = (await row(page, "beach.jpg").getByTestId("thumbnail").getAttribute("src"))!;
    const answer = await page.request.get(src);
    expect(answer.headers()["cache-control"]).toContain("immutable");
    expect(answer.headers()["content-type"]).toBe("image/webp");
    expect((await page.request.get(src, { headers: { "If-None-Match": answer.headers().etag! } })).status()).toBe(304);

    await setGridView(page, false);
    expect((await loadedThumbnail(row(page, "sunset.png"))).width).toBeGreaterThan(0);
    await contextMenu(page, "beach.jpg", "Details");
    const details = page.getByTestId("details-panel");
    expect((await loadedThumbnail(details)).width).toBe(1024);
    await snap(page, "thumbnails-02-list-details");
    await page.getByTestId("details-close").click();
  });

  test("2. the share page shows the same cached thumbnails to a visitor", async ({ browser }) => {
    const { page } = user;
    const link = await api<{ url: string }>(page, "POST", "/api/shares/links", { nodeId: albumId, mode: "preview" });
    const visitor = await browser.newContext();
    try {
      const guest = await visitor.newPage();
      await guest.goto(link.url);
      const entry = guest.locator('[data-testid="public-entry"][data-name="beach.jpg"]');
      expect((await loadedThumbnail(entry, "public-thumb")).width).toBeGreaterThan(0);
      const src = (await entry.getByTestId("public-thumb").getAttribute("src"))!;
      expect(src).toContain("/thumbnail/");
      // A stranger without the link's page gets nothing from the owner's route.
      expect((await visitor.request.get(src.replace(/^\/api\/public\/shares\/[^/]+\/thumbnail\/(\d+)/, "/api/nodes/$1/thumbnail"))).status()).toBe(401);
      await snap(guest, "thumbnails-03-share-page");
    } finally {
      await visitor.close();
    }
  });

  test("3. Admin → Jobs regenerates thumbnails with progress and names what this server can render", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      await page.goto("/admin/jobs");
      const panel = page.getByTestId("thumbnails-panel");
      await expect(panel.getByTestId("thumbnail-format").filter({ hasText: "JPEG" })).toHaveAttribute("data-available", "true");
      const before = await panel.getByTestId("thumbnails-backfill").getAttribute("data-job", { timeout: 1000 }).catch(() => null);
      await panel.getByTestId("thumbnails-regenerate").click();
      const backfill = panel.getByTestId("thumbnails-backfill");
      // A new backfill job (not an earlier one) runs to its end.
      await expect.poll(async () => (await backfill.getAttribute("data-job")) !== before && (await backfill.getAttribute("data-status")), { timeout: 30_000 }).toBe("done");
      await snap(page, "thumbnails-04-admin-jobs");
    } finally {
      await context.close();
    }
  });

  for (const locale of ["en", "zh-CN"] as const) {
    test(`4. the photo grid on a phone in ${locale}, dark`, async ({ browser }: { browser: Browser }) => {
      const phone = await signIn(browser, USER, { viewport: PHONE, colorScheme: "dark", isMobile: true, hasTouch: true });
      try {
        const { context, page } = phone;
        await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
        await page.goto(`/files/${albumId}`);
        await waitForListing(page);
        await setGridView(page, true);
        expect((await loadedThumbnail(row(page, "beach.jpg"))).width).toBeGreaterThan(0);
        await expectFitsWidth(page);
        await snap(page, `thumbnails-05-phone-grid-${locale}`);
      } finally {
        await phone.context.close();
      }
    });
  }
});
