import { expect, test, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { adminSession, api, closeUploadPanel, dropFiles, expectFitsWidth, fileList, row, signIn, snap, submitSignIn, waitForListing, waitForUploads } from "./support";

/**
 * Search (issue 12): a user uploads a text file and a PDF into a folder, finds the text file by name from the drive
 * header as they type and opens its folder with it selected, then finds the PDF by a word inside it (indexed by the
 * server's background job) with the match highlighted in a snippet. The search page on a phone in English (light) and
 * Chinese (dark), and a tag filtering the results. Works after the newcomer spec or alone (the admin is set up through the API when needed).
 */

const RUN = Date.now().toString(36);
const SARA = { username: `sara-${RUN}`, password: "sara-password-42", displayName: `Sara Search ${RUN}` };
const FOLDER = `Reports ${RUN}`;
const TEXT = `budget-${RUN}.txt`;
const PDF = `scan-${RUN}.pdf`;
const WORD = `pangolin${RUN}`;
const PHONE = { width: 375, height: 812 };

async function pdfWith(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([420, 300]);
  lines.forEach((line, i) => page.drawText(line, { x: 30, y: 250 - 24 * i, size: 14, font }));
  return Buffer.from(await doc.save());
}

/** Waits until the server's search.index job has indexed the PDF (the API finds it by its content). */
async function waitForIndex(page: Page): Promise<void> {
  await expect
    .poll(async () => (await api<{ items: { node: { name: string } }[] }>(page, "GET", `/api/search?q=${WORD}&fulltext=1`)).items.map((i) => i.node.name), { timeout: 60_000 })
    .toEqual([PDF]);
}

test.describe.serial("search", () => {
  let folderId = 0;

  test("1. find a file by name as you type, and open its folder with it selected", async ({ browser }) => {
    const admin = await adminSession(browser);
    await api(admin.page, "POST", "/api/admin/users", SARA);
    await admin.context.close();

    const { context, page } = await signIn(browser, SARA);
    const me = await api<{ space: { rootId: number } }>(page, "GET", "/api/me");
    folderId = (await api<{ id: number }>(page, "POST", `/api/nodes/${me.space.rootId}/children`, { name: FOLDER })).id;
    await page.goto(`/files/${folderId}`);
    await waitForListing(page);
    await dropFiles(page, fileList(page), [
      { name: TEXT, type: "text/plain", bytes: Buffer.from(`Budget ${RUN}: rent, food, books.\n`) },
      { name: PDF, type: "application/pdf", bytes: await pdfWith(["Quarterly scan", `The ${WORD} was seen on Tuesday.`]) },
    ]);
    await waitForUploads(page, 2);
    await closeUploadPanel(page);

    await page.goto("/files");
    await waitForListing(page);
    await page.getByTestId("search-input").fill(`BUDGET-${RUN}`);
    const panel = page.getByTestId("search-panel");
    const hit = panel.getByTestId("search-result");
    await expect(hit).toHaveCount(1);
    await expect(hit.getByTestId("search-result-name")).toHaveText(TEXT);
    await expect(hit.getByTestId("search-result-path")).toHaveText(`In My files / ${FOLDER}`);
    await snap(page, "search-01-as-you-type");

    await hit.click();
    await expect(page).toHaveURL(new RegExp(`/files/${folderId}\\?select=\\d+$`));
    await expect(page.getByTestId("current-folder")).toHaveText(FOLDER);
    await expect(row(page, TEXT)).toHaveAttribute("aria-selected", "true");
    await expect(row(page, PDF)).toHaveAttribute("aria-selected", "false");
    await snap(page, "search-02-opened-selected");
    await context.close();
  });

  test("2. find a PDF by a word inside it, with the match highlighted", async ({ browser }) => {
    const { context, page } = await signIn(browser, SARA);
    await waitForIndex(page);
    await page.goto(`/search?q=${WORD}&folderId=${folderId}`);
    // By name alone nothing is called that.
    await expect(page.getByTestId("search-results").getByTestId("empty-state")).toBeVisible();
    await page.getByTestId("search-fulltext").check();
    const hit = page.getByTestId("search-results").getByTestId("search-result");
    await expect(hit).toHaveCount(1);
    await expect(hit.getByTestId("search-result-name")).toHaveText(PDF);
    await expect(hit.getByTestId("search-snippet").locator("mark")).toHaveText(WORD);
    await expect(hit.getByTestId("search-snippet")).toContainText("was seen on Tuesday");
    await snap(page, "search-03-fulltext-pdf");

    // Filters narrow it: the PDF is a document, not an image; "this folder" holds it.
    await page.getByTestId("search-type").selectOption("image");
    await expect(page.getByTestId("search-results").getByTestId("empty-state")).toBeVisible();
    await page.getByTestId("search-type").selectOption("document");
    await page.getByTestId("search-scope").selectOption("folder");
    await expect(hit).toHaveCount(1);
    await hit.click();
    await expect(page.getByTestId("current-folder")).toHaveText(FOLDER);
    await expect(row(page, PDF)).toHaveAttribute("aria-selected", "true");
    await context.close();
  });

  test("3. tag an item and filter the search by the tag", async ({ browser }) => {
    const { context, page } = await signIn(browser, SARA);
    const hits = await api<{ items: { node: { id: number; name: string } }[] }>(page, "GET", `/api/search?q=${RUN}`);
    const text = hits.items.find((i) => i.node.name === TEXT)!.node.id;
    const tag = await api<{ id: number }>(page, "POST", "/api/tags", { name: `keep-${RUN}`, color: "green" });
    await api(page, "PUT", `/api/nodes/${text}/tags/${tag.id}`);
    await page.goto(`/search?q=${RUN}&folderId=${folderId}`);
    const results = page.getByTestId("search-results").getByTestId("search-result");
    // The folder, the text file and the PDF match the words; the tag keeps only the tagged file.
    await expect(results).toHaveCount(3);
    const chip = page.getByTestId("search-tags").getByTestId("search-tag").filter({ hasText: `keep-${RUN}` });
    await chip.click();
    await expect(chip).toHaveAttribute("aria-pressed", "true");
    await expect(results).toHaveCount(1);
    await expect(results.getByTestId("search-result-name")).toHaveText(TEXT);
    // The address holds the filters: the tag is in it, and a link with it alone opens the filtered search.
    await expect(page).toHaveURL(new RegExp(`[?&]tags=${tag.id}(&|$)`));
    await page.goto(`/search?tags=${tag.id}`);
    await expect(chip).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("search-page-input")).toHaveValue("");
    // The tag alone (no words) is a search too.
    await expect(results).toHaveCount(1);
    await expect(results.getByTestId("search-result-name")).toHaveText(TEXT);
    await page.getByTestId("search-type").selectOption("image");
    await expect(page).toHaveURL(/[?&]type=image(&|$)/);
    await page.reload();
    await expect(page.getByTestId("search-type")).toHaveValue("image");
    await expect(page.getByTestId("search-results").getByTestId("empty-state")).toBeVisible();
    await page.getByTestId("search-type").selectOption("");
    await expect(results).toHaveCount(1);
    await snap(page, "search-04-tag-filter");
    await chip.click();
    await expect(page.getByTestId("search-results").getByTestId("empty-state")).toBeVisible();
    await expect(page).not.toHaveURL(/tags=/);
    // Back to the search before the link: its words and tag come back with it.
    await page.goBack();
    await expect(page.getByTestId("search-page-input")).toHaveValue(RUN);
    await expect(chip).toHaveAttribute("aria-pressed", "true");
    await expect(results).toHaveCount(1);
    await context.close();
  });

  for (const [locale, colorScheme] of [["en", "light"], ["zh-CN", "dark"]] as const) {
    test(`4. the search page on a phone in ${locale} (${colorScheme})`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: PHONE, colorScheme, locale: locale === "en" ? "en-US" : "zh-CN" });
      const page = await context.newPage();
      // The form by field names: the sign-in page follows the browser's language.
      await submitSignIn(page, SARA.username, SARA.password);
      await expect(page).toHaveURL(/\/files$/);
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      await api(page, "PATCH", "/api/me/profile", { locale });
      await page.goto(`/files/${folderId}`);
      await waitForListing(page);
      await page.getByTestId("search-open").click();
      await expect(page).toHaveURL(/\/search\?/);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await page.getByTestId("search-page-input").fill(RUN);
      await page.getByTestId("search-fulltext").check();
      await expect(page.getByTestId("search-results").getByTestId("search-result")).toHaveCount(3);
      await expectFitsWidth(page);
      await snap(page, `search-phone-${locale}-results`);
      await page.getByTestId("search-page-input").fill(WORD);
      await expect(page.getByTestId("search-results").getByTestId("search-result")).toHaveCount(1);
      await expect(page.getByTestId("search-results").getByTestId("search-snippet").locator("mark")).toHaveText(WORD);
      await expectFitsWidth(page);
      await snap(page, `search-phone-${locale}-snippet`);
      await api(page, "PATCH", "/api/me/profile", { locale: null });
      await context.close();
    });
  }
});
