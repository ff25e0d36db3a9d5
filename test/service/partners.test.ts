import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import { NodemailerMailer } from "@/lib/mail/nodemailer.mailer";
import { codeOf } from "../helpers/errors";
import { makeUser, putFile } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { linkIn, TestSmtpServer, type ReceivedMail } from "../helpers/smtp";
import { makeTeam } from "../helpers/teams";

const PROVIDERS = await providers();
const DAY = 24 * 60 * 60 * 1000;

describe.each(PROVIDERS)("partner accounts on %s", (provider) => {
  let h: TestHarness;
  let smtp: TestSmtpServer;
  // 2026-03-01 00:00 UTC; expiry dates below are relative to it
  const clock = new TestClock(new Date("2026-03-01T00:00:00Z"));
  let n = 0;
  const uniq = (s: string) => `${s}${++n}-${provider}`;

  beforeAll(async () => {
    process.env.AUTH_URL = "https://drive.example.com";
    smtp = await TestSmtpServer.start();
    h = await createHarness(provider, { clock, mailer: new NodemailerMailer(async () => smtp.settings()) });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  async function admin() {
    return makeUser(h.services, { role: "admin", username: uniq("root") });
  }

  /** A team with an admin (with an email), and a pending request for a partner in it. */
  async function teamWithRequest(expiresOn = "2026-06-30") {
    const teamAdmin = await makeUser(h.services, { username: uniq("lead") });
    await h.services.users.update(null, teamAdmin.user.id, { email: `${teamAdmin.user.username}@example.com` });
    const team = await makeTeam(h.services, teamAdmin.user.id);
    const email = `${uniq("ext")}@partner.example.com`;
    const request = await h.services.partners.request(teamAdmin.actor, { teamSpaceId: team.spaceId, name: "Pat Partner", email, company: "Acme", reason: "Delivers the audio mix", expiresOn });
    return { teamAdmin, team, email, request };
  }

  /** The one-time password out of the invitation mail delivered to `email`. */
  async function invitation(email: string): Promise<{ mail: ReceivedMail; username: string; password: string }> {
    const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject === "Your Haven partner account");
    expect(linkIn(mail.text, "/login")).toBe("https://drive.example.com/login");
    return { mail, username: /Username: (\S+)/.exec(mail.text)![1]!, password: /One-time password: (\S+)/.exec(mail.text)![1]! };
  }

  /** Requested, approved and signed in: the partner's actor, its folder and its password. */
  async function approvedPartner(expiresOn?: string) {
    const setup = await teamWithRequest(expiresOn);
    const root = await admin();
    const { user } = await h.services.partners.approve(root.actor, setup.request.id);
    const { password } = await invitation(setup.email);
    const actor: Actor = { userId: user.id, role: "partner" };
    const folderId = (await h.services.partners.homeFolder(actor))!;
    return { ...setup, root, user, actor, password, folderId };
  }

  it("request → approval creates the partner, mails a one-time password that must be changed, and WebDAV waits for it", async () => {
    const { team, email, request, root, user, password, folderId } = await approvedPartner();
    expect(request.state).toBe("pending");
    expect(user).toMatchObject({ role: "partner", username: email.toLowerCase(), email, displayName: "Pat Partner", mustChangePassword: true });
    expect(await h.services.uow.repos.spaces.memberRole(team.spaceId, user.id)).toBe("partner");
    expect((await h.services.partners.queue(root.actor)).find((r) => r.id === request.id)).toMatchObject({ state: "approved", userId: user.id, decidedById: root.user.id });
    expect(await codeOf(h.services.partners.approve(root.actor, request.id))).toBe("CONFLICT");

    // The mailed password signs in on the web; native clients are refused it until it was changed.
    const session = await h.services.auth.login(user.username, password, { ip: null, userAgent: null });
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, password, null))).toBe("UNAUTHENTICATED");
    await h.services.accounts.changePassword({ userId: user.id, role: "partner" }, { currentPassword: password, newPassword: "partner's own long secret", keepSessionId: session.sessionId });
    expect((await h.services.users.get(user.id))!.mustChangePassword).toBe(false);
    expect((await h.services.appPasswords.authenticate(user.username, "partner's own long secret", null)).userId).toBe(user.id);
    expect(await codeOf(h.services.auth.login(user.username, password, { ip: null, userAgent: null }))).toBe("UNAUTHENTICATED");

    // Its own folder in the team root is the partner's (created as its), visible to the team.
    const folder = (await h.services.uow.repos.nodes.findById(folderId))!;
    expect(folder).toMatchObject({ spaceId: team.spaceId, parentId: team.rootId, creatorId: user.id, name: "Acme - Pat Partner" });
  });

  it("only the team's admins request, only approvers decide, and a designated approver may", async () => {
    const { team, request } = await teamWithRequest();
    const editor = await makeUser(h.services, { username: uniq("ed") });
    await h.services.uow.repos.spaces.addMember(team.spaceId, editor.user.id, "editor");
    const outsider = await makeUser(h.services, { username: uniq("out") });
    const input = { teamSpaceId: team.spaceId, name: "X", email: `${uniq("x")}@example.com`, company: "C", reason: "R", expiresOn: "2026-06-30" };
    expect(await codeOf(h.services.partners.request(editor.actor, input))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.partners.request(outsider.actor, input))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.partners.request((await admin()).actor, { ...input, expiresOn: "2026-02-01" }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.partners.approve(editor.actor, request.id))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.partners.queue(outsider.actor))).toBe("FORBIDDEN");

    const root = await admin();
    await h.services.partners.setApprovers(root.actor, [outsider.user.id]);
    expect((await h.services.partners.queue(outsider.actor, { state: "pending" })).map((r) => r.id)).toContain(request.id);
    const { user } = await h.services.partners.approve(outsider.actor, request.id);
    expect(user.role).toBe("partner");
    await h.services.partners.setApprovers(root.actor, []);
    expect(await codeOf(h.services.partners.queue(outsider.actor))).toBe("FORBIDDEN");
  });

  it("a rejection records the reason and creates no account", async () => {
    const { email, request } = await teamWithRequest();
    const root = await admin();
    expect(await codeOf(h.services.partners.reject(root.actor, request.id, "  "))).toBe("INVALID_INPUT");
    await h.services.partners.reject(root.actor, request.id, "No contract yet");
    const row = (await h.services.partners.queue(root.actor)).find((r) => r.id === request.id)!;
    expect(row).toMatchObject({ state: "rejected", decisionReason: "No contract yet", userId: null });
    expect(await codeOf(h.services.partners.approve(root.actor, request.id))).toBe("CONFLICT");
    expect(await h.services.users.findByUsername(email.toLowerCase())).toBeNull();
  });

  it("a partner sees only what it uploaded and what was shared with it, finds no users and no other team", async () => {
    const { teamAdmin, team, actor, folderId } = await approvedPartner();
    const internal = await putFile(h.services, teamAdmin.actor, team.rootId, "internal.txt", "team only");
    const secret = await h.services.files.createFolder(teamAdmin.actor, team.rootId, "Secret");
    const brief = await putFile(h.services, teamAdmin.actor, secret.node.id, "brief.txt", "for the partner");

    // Its own folder: upload, list, read.
    const mine = await putFile(h.services, actor, folderId, "deliverable.txt", "the mix");
    expect((await h.services.files.list(actor, folderId)).items.map((e) => e.node.name)).toEqual(["deliverable.txt"]);
    expect((await h.services.files.get(actor, mine.id)).rights.read).toBe(true);
    // The team admin sees the partner's upload.
    expect((await h.services.files.list(teamAdmin.actor, folderId)).items.map((e) => e.node.name)).toEqual(["deliverable.txt"]);

    // Nothing else of the team.
    for (const id of [team.rootId, internal.id, secret.node.id, brief.id]) expect(await codeOf(h.services.files.get(actor, id))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.files.list(actor, team.rootId))).toBe("NOT_FOUND");
    expect(await codeOf(putFile(h.services, actor, team.rootId, "x.txt", "x"))).toBe("NOT_FOUND");

    // Until it is shared explicitly.
    await h.services.shareGrants.grant(teamAdmin.actor, brief.id, { userId: actor.userId, permission: "view" });
    expect((await h.services.files.get(actor, brief.id)).rights).toMatchObject({ read: true, write: false });
    expect(await codeOf(h.services.files.get(actor, internal.id))).toBe("NOT_FOUND");

    // No user search (no emails), no other team.
    expect(await codeOf(h.services.shareGrants.searchUsers(actor, teamAdmin.user.username))).toBe("FORBIDDEN");
    const other = await makeTeam(h.services, teamAdmin.user.id);
    const otherFile = await putFile(h.services, teamAdmin.actor, other.rootId, "other.txt", "other team");
    expect(await codeOf(h.services.files.get(actor, otherFile.id))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.files.list(actor, other.rootId))).toBe("NOT_FOUND");

    // Public links follow the share policy's partnersMayShare.
    const root = await admin();
    await h.services.settings.setSharePolicy(root.actor, { partnersMayShare: false });
    expect(await codeOf(h.services.shareLinks.createLink(actor, mine.id, {}))).toBe("FORBIDDEN");
    await h.services.settings.setSharePolicy(root.actor, { partnersMayShare: true });
    expect((await h.services.shareLinks.createLink(actor, mine.id, {})).link.nodeId).toBe(mine.id);
    await h.services.settings.setSharePolicy(root.actor, { partnersMayShare: false });
  });

  it("the expiry job mails the seven-day reminder once, then disables the account and ends its sessions and app passwords", async () => {
    const start = clock.now();
    const { teamAdmin, user, actor, password, email } = await approvedPartner("2026-03-20");
    const session = await h.services.auth.login(user.username, password, { ip: null, userAgent: null });
    await h.services.accounts.changePassword(actor, { currentPassword: password, newPassword: "partner's own long secret", keepSessionId: session.sessionId });
    const { password: appPassword } = await h.services.appPasswords.create(null, user.id, { name: "rclone" });

    // 12 days before: nothing yet.
    clock.advance(new Date("2026-03-08T00:00:00Z").getTime() - clock.now().getTime());
    expect(await h.services.partners.runExpiry()).toMatchObject({ reminded: 0 });
    // 6 days before: one reminder to the partner and one to its sponsor, and only once.
    clock.advance(6 * DAY);
    const before = smtp.messages.length;
    await h.services.partners.runExpiry();
    await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes("expires in a week"));
    await smtp.waitFor((m) => m.to.includes(teamAdmin.user.username + "@example.com") && m.text.includes(user.username));
    await h.services.partners.runExpiry();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.slice(before).filter((m) => m.subject.includes("expires in a week") && (m.text.includes(user.username)))).toHaveLength(2);
    expect(await h.services.auth.actorForSession(session.sessionId)).not.toBeNull();

    // The expiry date: disabled, sessions and app passwords stop at once.
    clock.advance(new Date("2026-03-20T00:00:00Z").getTime() - clock.now().getTime());
    expect((await h.services.partners.runExpiry()).disabled).toBeGreaterThanOrEqual(1);
    expect((await h.services.users.get(user.id))!.disabled).toBe(true);
    expect(await h.services.auth.actorForSession(session.sessionId)).toBeNull();
    expect(await codeOf(h.services.appPasswords.authenticate(user.username, appPassword, null))).toBe("UNAUTHENTICATED");
    expect(await codeOf(h.services.auth.login(user.username, "partner's own long secret", { ip: null, userAgent: null }))).toBe("UNAUTHENTICATED");

    // The team admin extends it: it works again.
    const extended = await h.services.partners.extend(teamAdmin.actor, user.id, "2026-05-01");
    expect(extended).toMatchObject({ disabled: false, expiredAt: null, remindedAt: null });
    expect((await h.services.auth.login(user.username, "partner's own long secret", { ip: null, userAgent: null })).user.id).toBe(user.id);
    clock.advance(start.getTime() - clock.now().getTime());
  });

  it("a team admin disables a partner at once; other users cannot", async () => {
    const { teamAdmin, user, password } = await approvedPartner();
    const session = await h.services.auth.login(user.username, password, { ip: null, userAgent: null });
    const outsider = await makeUser(h.services, { username: uniq("nosy") });
    expect(await codeOf(h.services.partners.disable(outsider.actor, user.id))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.partners.disable({ userId: user.id, role: "partner" }, user.id))).toBe("FORBIDDEN");
    expect((await h.services.partners.disable(teamAdmin.actor, user.id)).disabled).toBe(true);
    expect(await h.services.auth.actorForSession(session.sessionId)).toBeNull();
    expect((await h.services.partners.list(teamAdmin.actor, { teamSpaceId: (await h.services.partners.get(teamAdmin.actor, user.id)).teamSpaceId })).map((p) => p.userId)).toContain(user.id);
  });

  it("the partner's audit log is readable by its sponsor (and site admins) only", async () => {
    const { teamAdmin, team, user, password, actor, folderId } = await approvedPartner();
    await h.services.auth.login(user.username, password, { ip: "203.0.113.9", userAgent: null });
    // Its file actions are logged one by one; a team member's are not.
    const file = await putFile(h.services, actor, folderId, "mix.wav", "bytes");
    await h.services.downloads.openFile(actor, file.id);
    const sub = await h.services.files.createFolder(actor, folderId, "Stems");
    await h.services.trash.trash(actor, [sub.node.id]);
    await putFile(h.services, teamAdmin.actor, folderId, "feedback.txt", "from the team");
    const sponsorView = await h.services.partners.auditLog(teamAdmin.actor, user.id);
    expect(sponsorView.map((e) => e.action)).toEqual(expect.arrayContaining(["login", "file.upload", "file.download", "folder.create", "file.delete"]));
    expect(sponsorView.find((e) => e.action === "file.upload")).toMatchObject({ targetType: "node", targetId: String(file.id) });
    expect((await h.services.uow.repos.audit.recent({ actorId: teamAdmin.user.id, action: "file.upload" }, 10)).length).toBe(0);
    expect(sponsorView.find((e) => e.action === "login")!.ip).toBe("203.0.113.9");
    expect((await h.services.partners.auditLog((await admin()).actor, user.id)).length).toBe(sponsorView.length);

    const coAdmin = await makeUser(h.services, { username: uniq("co") });
    await h.services.uow.repos.spaces.addMember(team.spaceId, coAdmin.user.id, "admin");
    expect(await codeOf(h.services.partners.auditLog(coAdmin.actor, user.id))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.partners.auditLog({ userId: user.id, role: "partner" }, user.id))).toBe("NOT_FOUND");
  });

  it("the CLI shortcut creates a partner in a team by name, with a given or a generated one-time password", async () => {
    const lead = await makeUser(h.services, { username: uniq("cli-lead") });
    const team = await makeTeam(h.services, lead.user.id, { name: uniq("Studio") });
    const made = await h.services.partners.createDirect({ username: uniq("vendor"), team: team.name, email: "vendor@example.com", expiresOn: "2026-09-01" });
    expect(made.generated).toBe(true);
    expect(made.user).toMatchObject({ role: "partner", mustChangePassword: true });
    expect(await h.services.uow.repos.spaces.memberRole(team.spaceId, made.user.id)).toBe("partner");
    const given = await h.services.partners.createDirect({ username: uniq("vendor"), team: team.name, email: "v2@example.com", expiresOn: "2026-09-01", password: "a given long password" });
    expect(given.user.mustChangePassword).toBe(false);
    expect(await codeOf(h.services.partners.createDirect({ username: uniq("vendor"), team: "no such team", email: "v@example.com", expiresOn: "2026-09-01" }))).toBe("NOT_FOUND");
  });
});
