import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { mailCount, readMailDir } from "../test/helpers/smtp";
import { ROOT } from "./server-state";
import { api, row, rowNames, snap, waitForListing, waitForUploads, submitSignIn } from "./support";

/**
 * Partners (issue 10): a team admin requests a partner, a site admin approves it, the partner reads the invitation
 * from the test SMTP server, signs in, must change the one-time password first, uploads a deliverable into its own
 * folder in the team and sees nothing else. Then the new pages on a phone, in Chinese and in the dark.
 */

const ADMIN = { username: "admin", displayName: "Ada Admin", password: "admin-password-1" };
const RUN = Date.now().toString(36);
const LEAD = { username: `lead-${RUN}`, displayName: "Lena Lead", email: `lead-${RUN}@example.com`, password: "lead-password-42" };
const TEAM = `Studio ${RUN}`;
const PARTNER = { name: "Paco Partner", email: `paco-${RUN}@vendor.example.com`, company: "Vendor Ltd" };
const PHONE = { width: 375, height: 812 };
const MAILDIR = () => process.env.HAVEN_E2E_MAILDIR!;


async function signedIn(browser: Browser, who: { username: string; password: string }, opts: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  await submitSignIn(page, who.username, who.password);
  await expect(page).toHaveURL(/\/files/);
  return { context, page };
}

/** `npm run haven -- partner:create …` on the e2e server's data dir; returns the printed one-time password. */
function cliPartner(username: string, team: string): string {
  const out = haven(["partner:create", username, "--team", team, "--email", `${username}@example.com`, "--expires", "2099-01-01"]);
  return /one-time password: (\S+)/.exec(out)![1]!;
}

/** `npm run haven -- <args>` on the e2e server's data dir; returns what it printed. */
function haven(args: string[]): string {
  const out = spawnSync(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: path.join(process.env.HAVEN_E2E_DIR!, "data"), DATABASE_URL: "" },
    encoding: "utf8",
  });
  if (out.status !== 0) throw new Error(`haven ${args[0]} failed: ${out.stderr}`);
  return out.stdout;
}

/** The team (made with `team:create` unless an earlier attempt made it); returns its id. */
function makeTeam(name: string, admin: string): number {
  const find = () => (JSON.parse(haven(["team:list", "--json"])) as { id: number; name: string }[]).find((t) => t.name === name);
  if (!find()) haven(["team:create", name, "--owner", admin]);
  return find()!.id;
}

test.describe.serial("partners", () => {
  let teamId = 0;
  let internalId = 0;
  let partnerUsername = "";
  let partnerPassword = "";
  const newPassword = "paco's own long secret";

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext();
    const setup = await context.request.get("/api/setup");
    if (((await setup.json()) as { needed: boolean }).needed) {
      const created = await context.request.post("/api/setup", { data: { username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName } });
      expect(created.ok(), await created.text()).toBeTruthy();
    }
    await context.close();
    const admin = await signedIn(browser, ADMIN);
    await api(admin.page, "POST", "/api/admin/users", { ...LEAD, role: "user", quota: null });
    await admin.context.close();
    teamId = makeTeam(TEAM, LEAD.username);
  });

  test("1. a team admin requests a partner account", async ({ browser }) => {
    const { context, page } = await signedIn(browser, LEAD);
    await page.goto(`/partners/request?team=${teamId}`);
    const form = page.getByTestId("partner-request-form");
    await expect(form.locator('select[name="team"]')).toHaveValue(String(teamId));
    await form.locator('input[name="name"]').fill(PARTNER.name);
    await form.locator('input[name="email"]').fill(PARTNER.email);
    await form.locator('input[name="company"]').fill(PARTNER.company);
    await form.locator('textarea[name="reason"]').fill("Delivers the final mix");
    await form.locator('input[name="expiresOn"]').fill("2099-06-30");
    await snap(page, "partners-01-request-form");
    await page.getByTestId("partner-request-submit").click();
    await expect(page.getByTestId("partner-requested")).toBeVisible();
    await page.goto("/partners");
    await expect(page.getByTestId("partner-request").filter({ hasText: PARTNER.email })).toContainText("Pending");
    await snap(page, "partners-02-team-partners");
    await context.close();
  });

  test("2. an admin approves it in Admin → Partners, and the invitation is mailed", async ({ browser }) => {
    const { context, page } = await signedIn(browser, ADMIN);
    await page.goto("/admin/partners");
    const request = page.getByTestId("partner-queue").getByTestId("partner-request").filter({ hasText: PARTNER.email });
    await expect(request).toContainText("Requested by " + LEAD.username);
    await snap(page, "partners-03-admin-queue");
    const before = await mailCount(MAILDIR());
    await request.getByTestId("partner-approve").click();
    await expect(page.getByText("Approved; the invitation was mailed.")).toBeVisible();
    await expect(page.getByTestId("partners-active").getByTestId("partner-row").filter({ hasText: PARTNER.name })).toBeVisible();
    await snap(page, "partners-04-admin-active");

    const mail = await readMailDir(MAILDIR(), (m) => m.to.includes(PARTNER.email) && m.subject === "Your Haven partner account", { after: before });
    expect(mail.text).toContain(`${process.env.HAVEN_E2E_URL}/login`);
    partnerUsername = /Username: (\S+)/.exec(mail.text)![1]!;
    partnerPassword = /One-time password: (\S+)/.exec(mail.text)![1]!;
    expect(partnerUsername).toBe(PARTNER.email.toLowerCase());
    await context.close();
  });

  test("3. the partner signs in, must change the password, uploads a deliverable and sees nothing else", async ({ browser }) => {
    // The team has something internal.
    const lead = await signedIn(browser, LEAD);
    const partners = await api<{ partners: { userId: number; folderId: number; username: string }[] }>(lead.page, "GET", `/api/partners?team=${teamId}`);
    const partnerFolder = partners.partners.find((p) => p.username === partnerUsername)!.folderId;
    const teamRoot = (await api<{ node: { parentId: number | null } }>(lead.page, "GET", `/api/nodes/${partnerFolder}`)).node.parentId!;
    internalId = (await api<{ id: number }>(lead.page, "POST", `/api/nodes/${teamRoot}/children`, { name: "Internal budget" })).id;
    await lead.context.close();

    // WebDAV refuses the one-time password.
    const dav = await fetch(`${process.env.HAVEN_E2E_URL}/dav/files/${encodeURIComponent(partnerUsername)}/`, {
      method: "PROPFIND",
      headers: { Authorization: `Basic ${Buffer.from(`${partnerUsername}:${partnerPassword}`).toString("base64")}`, Depth: "0" },
    });
    expect(dav.status).toBe(401);

    const context = await browser.newContext();
    const page = await context.newPage();
    await submitSignIn(page, partnerUsername, partnerPassword);
    await expect(page).toHaveURL(/\/change-password$/);
    // Nothing else opens before the change.
    await page.goto("/files");
    await expect(page).toHaveURL(/\/change-password$/);
    expect((await page.request.get("/api/nodes/root")).status()).toBe(403);
    const form = page.getByTestId("change-password-form");
    await form.locator('input[name="current-password"]').fill(partnerPassword);
    await form.locator('input[name="new-password"]').fill(newPassword);
    await form.locator('input[name="confirm-password"]').fill(newPassword);
    await snap(page, "partners-05-change-password");
    await page.getByTestId("change-password-submit").click();

    // Its home is its own folder in the team.
    await expect(page).toHaveURL(new RegExp(`/files/${partnerFolder}$`));
    await waitForListing(page);
    const chooser = page.waitForEvent("filechooser");
    await page.getByTestId("upload-files").click();
    await (await chooser).setFiles({ name: "final-mix.txt", mimeType: "text/plain", buffer: Buffer.from("the final mix\n") });
    await waitForUploads(page, 1);
    await expect(row(page, "final-mix.txt")).toBeVisible({ timeout: 30_000 });
    expect(await rowNames(page)).toEqual(["final-mix.txt"]);
    await snap(page, "partners-06-partner-folder");

    // Nothing else: not the team root, not the team's other folders, no user search.
    expect((await page.request.get(`/api/nodes/${teamRoot}/children`)).status()).toBe(404);
    expect((await page.request.get(`/api/nodes/${internalId}`)).status()).toBe(404);
    expect((await page.request.get(`/api/users/search?q=${encodeURIComponent(LEAD.email)}`)).status()).toBe(403);
    await page.goto(`/files/${teamRoot}`);
    await expect(page.getByTestId("node-row")).toHaveCount(0);
    await context.close();

    // The sponsor reads what the partner did.
    const sponsor = await signedIn(browser, LEAD);
    await sponsor.page.goto("/partners");
    const partnerRow = sponsor.page.getByTestId("partner-row").filter({ hasText: PARTNER.name });
    await partnerRow.getByRole("button", { name: "Activity" }).click();
    await expect(partnerRow.getByTestId("partner-activity")).toContainText("password.change");
    await expect(partnerRow.getByTestId("partner-activity")).toContainText("login");
    await snap(sponsor.page, "partners-07-partner-activity");
    await sponsor.context.close();
  });

  for (const [locale, colorScheme] of [["en", "dark"], ["zh-CN", "dark"]] as const) {
    test(`4. on a phone in ${locale} (${colorScheme}): the partner pages fit`, async ({ browser }) => {
      const opts = { viewport: PHONE, colorScheme, locale: locale === "en" ? "en-US" : "zh-CN" } as const;
      for (const [who, pages] of [
        [ADMIN, ["/admin/partners"]],
        [LEAD, ["/partners", `/partners/request?team=${teamId}`]],
      ] as const) {
        const { context, page } = await signedIn(browser, who, opts);
        for (const url of pages) {
          await page.goto(url);
          await page.waitForLoadState("networkidle");
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, url).toBeLessThanOrEqual(PHONE.width);
          await snap(page, `partners-phone-${locale}-${colorScheme}-${url.split("?")[0]!.replaceAll("/", "_")}`);
        }
        await context.close();
      }
      // A partner made with the CLI: its first sign-in shows only the change-password page.
      const username = `cli-${locale.toLowerCase()}-${RUN}`;
      const password = cliPartner(username, TEAM);
      const context = await browser.newContext(opts);
      const page = await context.newPage();
      await submitSignIn(page, username, password);
      await expect(page).toHaveURL(/\/change-password$/);
      await expect(page.getByTestId("change-password-form")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await snap(page, `partners-phone-${locale}-${colorScheme}-change-password`);
      await context.close();
    });
  }
});
