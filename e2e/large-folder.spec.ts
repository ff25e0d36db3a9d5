import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { adminSession, api, fileList, openFolder, row, signIn, waitForListing } from "./support";

/**
 * A folder larger than one listing page and many marks chunks (issue 12: a virtual list keeps big folders fast):
 * both views render only a window of rows, load every page on the way down (keyset cursors), show the marks of rows
 * far down, and keep keyboard selection and "select all" working on rows that were loaded late.
 */

const RUN = Date.now().toString(36);
const LARA = { username: `lara-${RUN}`, displayName: "Lara Large", password: "lara-password-42" };
const basic = `Basic ${Buffer.from(`${LARA.username}:${LARA.password}`).toString("base64")}`;
/** First page 200, then pages of 1000: three pages; marks come in chunks of 200: seven chunks. */
const COUNT = 1300;
// Not text: 1,300 text files would queue 1,300 search.index jobs, and the specs after this one would wait behind them.
const nameOf = (i: number) => `IMG_${String(i).padStart(5, "0")}.dat`;
const STARRED = nameOf(1250);
const LAST = nameOf(COUNT - 1);

/** Scrolls the list to its loaded end until nothing more loads and `name` is rendered. */
async function scrollToEnd(page: Page, name: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await fileList(page).evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
        return (await row(page, name).count()) > 0 && (await fileList(page).getAttribute("aria-busy")) === "false";
      },
      { timeout: 30_000, intervals: [200] },
    )
    .toBe(true);
}

/** Scrolls up `step` pixels at a time until `name` is rendered. */
async function scrollUpTo(page: Page, name: string, step: number): Promise<void> {
  await expect
    .poll(async () => {
      await fileList(page).evaluate((list, by) => list.scrollBy({ top: -by }), step);
      return row(page, name).count();
    })
    .toBeGreaterThan(0);
}

const renderedRows = (page: Page) => page.getByTestId("node-row").count();

test.describe.serial("a large folder", () => {
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    const admin = await adminSession(browser);
    await api(admin.page, "POST", "/api/admin/users", { ...LARA, email: `${LARA.username}@example.com`, role: "user", quota: null });
    await admin.context.close();
    ({ context, page } = await signIn(browser, LARA));
    expect((await page.request.fetch("/dav/big", { method: "MKCOL", headers: { authorization: basic } })).status()).toBe(201);
    // Through WebDAV, eight at a time: the real upload path, not rows written behind the server's back.
    for (let from = 0; from < COUNT; from += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, COUNT - from) }, async (_, k) => {
          const response = await page.request.put(`/dav/big/${nameOf(from + k)}`, { headers: { authorization: basic }, data: Buffer.from(`entry ${from + k}\n`) });
          expect(response.status()).toBe(201);
        }),
      );
    }
    const star = await page.request.fetch(`/dav/big/${STARRED}`, {
      method: "PROPPATCH",
      headers: { authorization: basic, "content-type": "application/xml" },
      data: '<d:propertyupdate xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:set><d:prop><oc:favorite>1</oc:favorite></d:prop></d:set></d:propertyupdate>',
    });
    expect(star.status()).toBe(207);
    await page.reload();
    await waitForListing(page);
    await openFolder(page, "big");
  });
  test.afterAll(async () => context?.close());

  test("1. the list renders a window, pages to the last entry, shows a mark far down and selects by keyboard", async () => {
    await expect(row(page, nameOf(0))).toBeVisible();
    expect(await renderedRows(page)).toBeLessThan(80);
    await scrollToEnd(page, LAST);
    await expect(row(page, LAST)).toBeVisible();
    expect(await renderedRows(page)).toBeLessThan(80);
    // Its marks chunk was fetched when it came into view.
    await scrollUpTo(page, STARRED, 48 * 5);
    await expect(row(page, STARRED).getByTestId("mark-favorite")).toBeVisible();

    await row(page, STARRED).click();
    await page.keyboard.press("ArrowUp");
    await expect(row(page, nameOf(1249))).toHaveAttribute("aria-selected", "true");
    await expect(row(page, STARRED)).toHaveAttribute("aria-selected", "false");
    await page.keyboard.press("Shift+ArrowUp");
    await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
    await page.keyboard.press("ControlOrMeta+a");
    await expect(page.getByTestId("selection-count")).toHaveText(/^1,?300 selected$/);
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("selection-count")).toHaveCount(0);
  });

  test("2. the grid does the same with tiles", async () => {
    await page.getByTestId("view-toggle").click();
    await page.reload();
    await waitForListing(page);
    await expect(row(page, nameOf(0))).toBeVisible();
    const atTop = await renderedRows(page);
    expect(atTop).toBeGreaterThan(0);
    expect(atTop).toBeLessThan(200);
    await scrollToEnd(page, LAST);
    await expect(row(page, LAST)).toBeVisible();
    expect(await renderedRows(page)).toBeLessThan(200);
    await scrollUpTo(page, STARRED, 150);
    await expect(row(page, STARRED).getByTestId("mark-favorite")).toBeVisible();
    // Back to the list for whoever comes next.
    await page.getByTestId("view-toggle").click();
  });

  test("3. a next page that fails keeps the rows loaded, says so, and is asked for again until it loads", async () => {
    // Every request for a later page fails (503) until released; the client's own retries (two) fail as well.
    let failing = true;
    let failed = 0;
    await page.route(/\/api\/nodes\/\d+\/children\?.*cursor=/, async (route) => {
      if (!failing) return route.continue();
      failed++;
      await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "UNAVAILABLE", message: "busy" } }) });
    });
    await page.reload();
    // (not waitForListing: the list stays busy while its next page is failing)
    await expect(row(page, nameOf(0))).toBeVisible();
    await fileList(page).evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
    await expect(page.getByTestId("loading-more")).toContainText("Could not load more", { timeout: 30_000 });
    await expect(row(page, nameOf(199)).or(row(page, nameOf(150)))).not.toHaveCount(0);
    await expect(fileList(page)).toHaveAttribute("aria-busy", "true");
    await expect.poll(() => failed, { timeout: 20_000 }).toBeGreaterThan(3); // asked again after the client's retries
    failing = false;
    await scrollToEnd(page, LAST);
    await expect(row(page, LAST)).toBeVisible();
    await page.unroute(/\/api\/nodes\/\d+\/children\?.*cursor=/);
  });

  test("4. a control focused in a row lets go when its row scrolls away and shows another entry", async () => {
    await page.reload();
    await waitForListing(page);
    const checkbox = row(page, nameOf(0)).getByTestId("row-checkbox");
    await checkbox.focus();
    await expect(checkbox).toBeFocused();
    // Rows are keyed by slot: the row's elements now show an entry far below (virtual list recycling).
    await fileList(page).evaluate((list) => list.scrollTo({ top: 48 * 600 }));
    await expect(row(page, nameOf(0))).toHaveCount(0);
    const focusedRow = await page.evaluate(() => document.activeElement?.closest("[data-testid=node-row]")?.getAttribute("data-name") ?? null);
    expect(focusedRow).toBeNull();
    await page.keyboard.press("Space");
    await expect(page.getByTestId("selection-count")).toHaveCount(0);
  });
});
