import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { adminSession, api, expectFitsWidth, snap } from "./support";

/**
 * Admin → Storage policies (issue 11): create a local policy through the dialog after testing its connection, test it
 * again from its card, assign it to a team (the team's settings then show it) and to a user (the admin's user dialog),
 * refuse bad input with the reason and save nothing; the page and the dialog on a phone in English and Chinese, dark.
 */

const RUN = Date.now().toString(36);
const PHONE = { width: 375, height: 812 };
const POLICY = `archive-${RUN}`;
const TEAM = `Policy team ${RUN}`;
const blobDir = (name: string) => path.join(process.env.HAVEN_E2E_DIR ?? os.tmpdir(), `blobs-${name}`);

type PolicyView = { id: number; name: string; maxFileSize: number | null; allowedExtensions: string[] | null; usage: { spaces: number } };

async function openStorage(page: Page): Promise<void> {
  await page.goto("/admin/storage");
  await expect(page.getByTestId("storage-policies")).toBeVisible({ timeout: 60_000 });
}

async function policies(page: Page): Promise<PolicyView[]> {
  return (await api<{ items: PolicyView[] }>(page, "GET", "/api/admin/storage")).items;
}

test.describe.serial("storage policies", () => {
  test("1. create a local policy after testing its connection, then test it saved", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      await openStorage(page);
      await expect(page.getByTestId("policy-local")).toBeVisible();
      await page.getByTestId("policy-new").click();
      const dialog = page.getByTestId("policy-dialog");
      await dialog.getByTestId("policy-kind-local").check();
      await dialog.getByTestId("policy-name").fill(POLICY);
      await dialog.getByTestId("policy-path").fill(blobDir(RUN));
      await dialog.getByTestId("policy-max-size").fill("2GiB");
      await dialog.getByTestId("policy-extensions").fill("jpg, .PNG, pdf");
      await dialog.getByTestId("policy-test").click();
      await expect(dialog.getByTestId("probe-result")).toHaveAttribute("data-ok", "true");
      for (const step of ["put", "get", "list", "delete"]) await expect(dialog.getByTestId(`probe-${step}`)).toHaveAttribute("data-ok", "true");
      await snap(page, "storage-01-create-tested");
      await dialog.getByTestId("policy-save").click();
      await expect(dialog).toHaveCount(0);
      const card = page.getByTestId(`policy-${POLICY}`);
      await expect(card).toContainText(blobDir(RUN));
      await card.getByTestId("policy-test-saved").click();
      await expect(card.getByTestId("probe-result")).toHaveAttribute("data-ok", "true");
      await snap(page, "storage-02-list-tested");
      expect((await policies(page)).find((p) => p.name === POLICY)).toMatchObject({ maxFileSize: 2 * 1024 ** 3, allowedExtensions: ["jpg", "png", "pdf"] });
    } finally {
      await context.close();
    }
  });

  test("2. bad input gives the reason and saves nothing", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      await openStorage(page);
      const before = (await policies(page)).length;
      await page.getByTestId("policy-new").click();
      const dialog = page.getByTestId("policy-dialog");
      await dialog.getByTestId("policy-name").fill(`bad-${RUN}`);
      await dialog.getByTestId("policy-path").fill("relative/dir");
      await dialog.getByTestId("policy-save").click();
      await expect(dialog.getByTestId("form-error")).toContainText("absolute directory");
      // a directory below a regular file cannot be created: the probe's write step says so
      await dialog.getByTestId("policy-path").fill("/etc/hostname/blobs");
      await dialog.getByTestId("policy-test").click();
      await expect(dialog.getByTestId("probe-put")).toHaveAttribute("data-ok", "false");
      await expect(dialog.getByTestId("probe-get")).toContainText(/not run/);
      await dialog.getByTestId("policy-save").click();
      await expect(dialog.getByTestId("form-error")).toContainText("Nothing was saved");
      await snap(page, "storage-03-bad-input");
      await page.keyboard.press("Escape");
      expect(await policies(page)).toHaveLength(before);
    } finally {
      await context.close();
    }
  });

  test("3. assign the policy to a team; its settings show it", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      const team = await api<{ id: number }>(page, "POST", "/api/teams", { name: TEAM });
      await openStorage(page);
      const card = page.getByTestId(`policy-${POLICY}`);
      await card.getByTestId("policy-assign").click();
      const dialog = page.getByTestId("policy-assign-dialog");
      await dialog.getByTestId("assign-team").selectOption({ label: TEAM });
      await snap(page, "storage-04-assign");
      await dialog.getByTestId("policy-assign-save").click();
      await expect(dialog).toHaveCount(0);
      await expect(card.getByTestId("policy-spaces")).toHaveText("1");
      const policy = (await policies(page)).find((p) => p.name === POLICY)!;
      expect(await api(page, "GET", `/api/admin/storage/assignment?teamId=${team.id}`)).toEqual({ policyId: policy.id });
      await page.goto(`/teams/${team.id}/settings`);
      await expect(page.getByTestId("team-policy")).toHaveValue(String(policy.id), { timeout: 60_000 });
    } finally {
      await context.close();
    }
  });

  test("4. the admin's user dialog gives an account the policy", async ({ browser }) => {
    const { context, page } = await adminSession(browser);
    try {
      const username = `policy-user-${RUN}`;
      const user = await api<{ id: number }>(page, "POST", "/api/admin/users", { username, password: "user-password-42", displayName: username });
      const policy = (await policies(page)).find((p) => p.name === POLICY)!;
      await page.goto("/admin/users");
      await expect(page.getByTestId("users-table")).toBeVisible({ timeout: 60_000 });
      await page.getByTestId("users-search").fill(username);
      const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
      await row.getByTestId("user-actions").click();
      await page.getByTestId("user-edit").click();
      const select = page.getByTestId("edit-policy");
      await expect(select).toBeEnabled();
      await select.selectOption(String(policy.id));
      await snap(page, "storage-05-user-dialog");
      await page.getByTestId("edit-user-save").click();
      await expect(page.getByTestId("edit-user-dialog")).toHaveCount(0);
      expect(await api(page, "GET", `/api/admin/storage/assignment?userId=${user.id}`)).toEqual({ policyId: policy.id });
    } finally {
      await context.close();
    }
  });

  for (const locale of ["en", "zh-CN"] as const) {
    test(`5. the page and the dialog on a phone in ${locale}, dark`, async ({ browser }) => {
      const { context, page } = await adminSession(browser, { viewport: PHONE, colorScheme: "dark", locale: locale === "en" ? "en-US" : "zh-CN" });
      await context.addCookies([{ name: "haven-locale", value: locale, url: process.env.HAVEN_E2E_URL! }]);
      try {
        await openStorage(page);
        await expectFitsWidth(page);
        await snap(page, `storage-phone-${locale}`);
        await page.getByTestId("policy-new").click();
        await page.getByTestId("policy-kind-s3").check();
        await expect(page.getByTestId("policy-secret-key")).toHaveAttribute("type", "password");
        await expectFitsWidth(page);
        await snap(page, `storage-phone-${locale}-s3-dialog`);
      } finally {
        await context.close();
      }
    });
  }
});
