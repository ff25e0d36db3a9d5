import { expect, test } from "@playwright/test";
import { adminSession, expectFitsWidth, snap } from "./support";

/**
 * Admin → Jobs → Consistency check (issue 11): the admin runs a check and a check with repair as background jobs and
 * reads the findings by kind; on a phone in English and Chinese, dark.
 */

const PHONE = { width: 375, height: 812 };

test.describe.serial("consistency check", () => {
  test("1. a check and a repair run as jobs and show their findings", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      await page.goto("/admin/jobs");
      const panel = page.getByTestId("fsck-panel");
      await expect(panel).toBeVisible({ timeout: 60_000 });
      await panel.getByTestId("fsck-check").click();
      await expect(panel.getByTestId("fsck-result")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
      await expect(panel.getByTestId("fsck-missingBytes")).toHaveText("0");
      await expect(panel.getByTestId("fsck-orphanObjects")).toBeVisible();
      await panel.getByTestId("fsck-repair").click();
      await expect(panel.getByTestId("fsck-result")).toHaveAttribute("data-repair", "true", { timeout: 60_000 });
      await expect(panel.getByTestId("fsck-result")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
      await expect(page.locator('[data-testid="job-row"]').filter({ hasText: "storage.fsck" }).first()).toHaveAttribute("data-status", "done", { timeout: 30_000 });
      await snap(page, "fsck-01-done");
    } finally {
      await context.close();
    }
  });

  for (const locale of ["en", "zh-CN"] as const) {
    test(`2. the panel on a phone in ${locale}, dark`, async ({ browser }) => {
      const { context, page } = await adminSession(browser, { viewport: PHONE, colorScheme: "dark", locale: locale === "en" ? "en-US" : "zh-CN" });
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      try {
        await page.goto("/admin/jobs");
        await expect(page.getByTestId("fsck-result")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
        await expect(page.getByTestId("fsck-check")).toHaveText(locale === "en" ? "Check" : "检查");
        await expectFitsWidth(page);
        await snap(page, `fsck-phone-${locale}`);
      } finally {
        await context.close();
      }
    });
  }
});
