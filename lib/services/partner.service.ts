import "server-only";
import { randomBytes } from "node:crypto";
import { newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import { createTranslator } from "@/lib/i18n/translate";
import type { Mailer } from "@/lib/mail/mailer";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { PartnerRequestRow, PartnerRow } from "@/lib/repositories/partner.repository";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import { freeName, propagateChange } from "./tree";
import type { UserService } from "./user.service";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The expiry reminder goes out this long before the expiry date. */
export const REMINDER_BEFORE_MS = 7 * DAY_MS;
const APPROVERS_KEY = "partnerApprovers";
const TEAM_ADMIN_ROLES: string[] = ["admin", "owner"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PartnerRequestInput {
  teamSpaceId: number;
  name: string;
  email: string;
  company: string;
  reason: string;
  /** "YYYY-MM-DD": the first day without access */
  expiresOn: string;
  /** defaults to the email address */
  username?: string;
}

export interface PartnerRequestView extends PartnerRequestRow {
  teamName: string;
  requestedByName: string;
}

export interface PartnerView extends PartnerRow {
  username: string;
  displayName: string;
  email: string | null;
  disabled: boolean;
  lastLoginAt: Date | null;
  teamName: string;
  sponsorName: string | null;
}

/**
 * Partner (external) accounts: a team admin requests one, an approver (site admin or designated user) approves or
 * rejects it; approval creates the account (site role partner, team role partner, a one-time password that must be
 * changed at the first web sign-in) and mails the invitation. Accounts stop at their expiry date (job), with a
 * reminder seven days before. What a partner may see is decided by AccessService (its own uploads, explicit grants).
 */
export class PartnerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly users: UserService,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** the public base URL of the site (AUTH_URL) */
    private readonly publicUrl: () => string,
  ) {}

  /** A team admin (or site admin) asks for a partner account in the team. */
  async request(actor: Actor, input: PartnerRequestInput): Promise<PartnerRequestRow> {
    await this.assertTeamAdmin(actor, input.teamSpaceId);
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw new DomainError("INVALID_INPUT", "That email address does not look right.");
    const name = required(input.name, "name", 200);
    const company = required(input.company, "company", 200);
    const reason = required(input.reason, "reason", 2000);
    const expiresAt = this.futureDate(input.expiresOn);
    const username = (input.username?.trim() || email).toLowerCase();
    if (await this.uow.repos.users.findByUsername(username)) throw new DomainError("CONFLICT", `The username "${username}" is taken.`);
    const row = await this.uow.repos.partners.createRequest({ name, email, company, reason, username, expiresAt, teamSpaceId: input.teamSpaceId, requestedById: actor.userId });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "partner.request", targetType: "partner-request", targetId: String(row.id), details: { username, teamSpaceId: input.teamSpaceId } });
    return row;
  }

  /** Teams the actor may request partners for: those it administers (every team for site admins). */
  async requestableTeams(actor: Actor): Promise<{ id: number; name: string }[]> {
    if (actor.link || actor.role === "partner") return [];
    const repos = this.uow.repos.spaces;
    const teams = actor.role === "admin" ? await repos.teams() : (await repos.teamsOf(actor.userId)).filter((t) => TEAM_ADMIN_ROLES.includes(t.role)).map((t) => t.space);
    return teams.map((t) => ({ id: t.id, name: t.name }));
  }

  /** Requests for approvers (all, or pending only), with team and requester names. */
  async queue(actor: Actor, opts: { state?: "pending" | "approved" | "rejected" } = {}): Promise<PartnerRequestView[]> {
    await this.assertApprover(actor);
    return this.requestViews(await this.uow.repos.partners.requests(opts.state ? { state: opts.state } : {}));
  }

  /** A team's requests, for its admins. */
  async teamRequests(actor: Actor, teamSpaceId: number): Promise<PartnerRequestView[]> {
    await this.assertTeamAdmin(actor, teamSpaceId);
    return this.requestViews(await this.uow.repos.partners.requests({ teamSpaceId }));
  }

  /** Approves a pending request: creates the account and mails the invitation. `mailed` false: resend later. */
  async approve(actor: Actor, requestId: number): Promise<{ user: UserRecord; mailed: boolean }> {
    await this.assertApprover(actor);
    const req = await this.uow.repos.partners.findRequest(requestId);
    if (!req) throw new DomainError("NOT_FOUND", "No such partner request.");
    if (req.state !== "pending") throw new DomainError("CONFLICT", "This request was already decided.");
    if (req.expiresAt <= this.clock.now()) throw new DomainError("CONFLICT", "This request's expiry date has passed; ask for a new request.");
    const password = oneTimePassword();
    const user = await this.createAccount(
      { username: req.username, displayName: req.name, email: req.email, company: req.company, teamSpaceId: req.teamSpaceId, sponsorId: req.requestedById, expiresAt: req.expiresAt, password, mustChangePassword: true },
      async (repos, created) => {
        if (!(await repos.partners.decide(req.id, { state: "approved", decidedById: actor.userId, decidedAt: this.clock.now(), userId: created.id }))) {
          throw new DomainError("CONFLICT", "This request was already decided.");
        }
      },
    );
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "partner.approve", targetType: "user", targetId: String(user.id), details: { requestId } });
    return { user, mailed: await this.mailInvitation(user, password) };
  }

  async reject(actor: Actor, requestId: number, reason: string): Promise<void> {
    await this.assertApprover(actor);
    const decisionReason = required(reason, "reason", 2000);
    if (!(await this.uow.repos.partners.decide(requestId, { state: "rejected", decidedById: actor.userId, decidedAt: this.clock.now(), decisionReason }))) {
      throw new DomainError((await this.uow.repos.partners.findRequest(requestId)) ? "CONFLICT" : "NOT_FOUND", "No such pending partner request.");
    }
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "partner.reject", targetType: "partner-request", targetId: String(requestId), details: { reason: decisionReason } });
  }

  /**
   * The site admin's shortcut past the queue (CLI partner:create): creates the partner in the team named `team`.
   * Without a password a one-time one is generated (returned) that must be changed at the first web sign-in.
   */
  async createDirect(input: { username: string; team: string; email: string; expiresOn: string; password?: string }): Promise<{ user: UserRecord; password: string; generated: boolean }> {
    const team = await this.uow.repos.spaces.findTeamByName(input.team);
    if (!team) throw new DomainError("NOT_FOUND", `No team named "${input.team}".`);
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw new DomainError("INVALID_INPUT", "That email address does not look right.");
    const generated = !input.password;
    const password = input.password || oneTimePassword();
    const user = await this.createAccount({
      username: input.username,
      displayName: input.username,
      email,
      company: "",
      teamSpaceId: team.id,
      sponsorId: null,
      expiresAt: this.futureDate(input.expiresOn),
      password,
      mustChangePassword: generated,
    });
    await this.audit.record({ actorId: null, ip: null, action: "partner.create", targetType: "user", targetId: String(user.id), details: { team: team.name } });
    return { user, password, generated };
  }

  /** Partners an approver sees (all), or a team admin's (that team's). */
  async list(actor: Actor, opts: { teamSpaceId?: number } = {}): Promise<PartnerView[]> {
    if (opts.teamSpaceId !== undefined) await this.assertTeamAdmin(actor, opts.teamSpaceId);
    else await this.assertApprover(actor);
    return this.views(await this.uow.repos.partners.list(opts.teamSpaceId !== undefined ? { teamSpaceId: opts.teamSpaceId } : {}));
  }

  async get(actor: Actor, userId: number): Promise<PartnerView> {
    const partner = await this.manageable(actor, userId);
    return (await this.views([partner]))[0]!;
  }

  /** A team admin (or site admin) disables a partner: its sessions and app passwords stop at once. */
  async disable(actor: Actor, userId: number): Promise<PartnerView> {
    await this.manageable(actor, userId);
    await this.users.update(null, userId, { disabled: true });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "partner.disable", targetType: "user", targetId: String(userId) });
    return this.get(actor, userId);
  }

  /** Enables a disabled partner again (not past its expiry date: extend it first). */
  async enable(actor: Actor, userId: number): Promise<PartnerView> {
    const partner = await this.manageable(actor, userId);
    if (partner.expiresAt <= this.clock.now()) throw new DomainError("CONFLICT", "The account has expired; extend it instead.");
    await this.users.update(null, userId, { disabled: false });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "partner.enable", targetType: "user", targetId: String(userId) });
    return this.get(actor, userId);
  }

  /** Moves the expiry date; an account the expiry job disabled works again, and a new reminder will go out. */
  async extend(actor: Actor, userId: number, expiresOn: string): Promise<PartnerView> {
    const partner = await this.manageable(actor, userId);
    const expiresAt = this.futureDate(expiresOn);
    await this.uow.repos.partners.update(userId, { expiresAt, remindedAt: null, expiredAt: null });
    if (partner.expiredAt) await this.users.update(null, userId, { disabled: false });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "partner.extend", targetType: "user", targetId: String(userId), details: { expiresOn } });
    return this.get(actor, userId);
  }

  /** The partner's audit log (what it did): for its sponsor and site admins only. */
  async auditLog(actor: Actor, userId: number, limit = 200) {
    const partner = await this.uow.repos.partners.find(userId);
    if (!partner || (actor.role !== "admin" && partner.sponsorId !== actor.userId)) throw new DomainError("NOT_FOUND", "No such partner.");
    const rows = await this.uow.repos.audit.recent({ actorId: userId }, Math.min(Math.max(limit, 1), 500));
    return rows.map((r) => ({ id: r.id, at: r.at, action: r.action, ip: r.ip, targetType: r.targetType, targetId: r.targetId, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null }));
  }

  /** The partner's own folder in its team (where the web UI takes it), or null. */
  async homeFolder(actor: Actor): Promise<number | null> {
    if (actor.role !== "partner") return null;
    return (await this.uow.repos.partners.find(actor.userId))?.folderId ?? null;
  }

  /** The daily job: disables partners whose expiry date has come; mails the seven-day reminder (once). */
  async runExpiry(): Promise<{ disabled: number; reminded: number }> {
    const now = this.clock.now();
    let disabled = 0;
    for (const p of await this.uow.repos.partners.due(now)) {
      await this.users.update(null, p.userId, { disabled: true });
      await this.uow.repos.partners.update(p.userId, { expiredAt: now });
      await this.audit.record({ actorId: null, ip: null, action: "partner.expire", targetType: "user", targetId: String(p.userId) });
      disabled++;
    }
    let reminded = 0;
    for (const p of await this.uow.repos.partners.toRemind(new Date(now.getTime() + REMINDER_BEFORE_MS))) {
      if (!(await this.uow.repos.partners.claimReminder(p.userId, now))) continue;
      await this.mailReminder(p);
      reminded++;
    }
    return { disabled, reminded };
  }

  /** Designated approvers besides site admins (user ids). */
  async approvers(actor: Actor): Promise<UserRecord[]> {
    assertSiteAdmin(actor);
    return this.uow.repos.users.findByIds(await this.approverIds());
  }

  async setApprovers(actor: Actor, userIds: number[]): Promise<UserRecord[]> {
    assertSiteAdmin(actor);
    const found = await this.uow.repos.users.findByIds([...new Set(userIds)]);
    if (found.length !== new Set(userIds).size) throw new DomainError("INVALID_INPUT", "Unknown user.");
    if (found.some((u) => u.role === "partner")) throw new DomainError("INVALID_INPUT", "A partner cannot approve partner requests.");
    await this.uow.repos.settings.set(APPROVERS_KEY, found.map((u) => u.id));
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "settings.partner-approvers", details: { userIds: found.map((u) => u.id) } });
    return found;
  }

  /** setApprovers by usernames (the admin page's input). */
  async setApproverNames(actor: Actor, usernames: string[]): Promise<UserRecord[]> {
    assertSiteAdmin(actor);
    const ids: number[] = [];
    for (const name of usernames.map((u) => u.trim()).filter(Boolean)) {
      const user = await this.uow.repos.users.findByUsername(name);
      if (!user) throw new DomainError("INVALID_INPUT", `No user named "${name}".`);
      ids.push(user.id);
    }
    return this.setApprovers(actor, ids);
  }

  /** Whether the actor may decide partner requests (the admin page and its nav link ask). */
  async isApprover(actor: Actor): Promise<boolean> {
    if (actor.link || actor.role === "partner") return false;
    return actor.role === "admin" || (await this.approverIds()).includes(actor.userId);
  }

  private async approverIds(): Promise<number[]> {
    return (await this.uow.repos.settings.get<number[]>(APPROVERS_KEY)) ?? [];
  }

  private async assertApprover(actor: Actor): Promise<void> {
    if (!(await this.isApprover(actor))) throw new DomainError("FORBIDDEN", "Only site administrators and designated approvers may do this.");
  }

  /** Site admins, or admins of the team (the role asked through AccessService, like every role). */
  private async assertTeamAdmin(actor: Actor, teamSpaceId: number): Promise<void> {
    const space = await this.uow.repos.spaces.findById(teamSpaceId);
    if (!space || space.kind !== "team" || actor.link) throw new DomainError("NOT_FOUND", "No such team.");
    if (actor.role === "admin") return;
    const role = await this.access.requireSpaceRole(actor, teamSpaceId);
    if (!TEAM_ADMIN_ROLES.includes(role)) throw new DomainError("FORBIDDEN", "Only the team's admins may do this.");
  }

  /** A partner the actor may manage: site admins, approvers, and admins of the partner's team. */
  private async manageable(actor: Actor, userId: number): Promise<PartnerRow> {
    const partner = await this.uow.repos.partners.find(userId);
    if (!partner) throw new DomainError("NOT_FOUND", "No such partner.");
    if (await this.isApprover(actor)) return partner;
    await this.assertTeamAdmin(actor, partner.teamSpaceId);
    return partner;
  }

  /** The account, its terms, its team membership and its own folder in the team root, in one transaction. */
  private async createAccount(
    a: { username: string; displayName: string; email: string; company: string; teamSpaceId: number; sponsorId: number | null; expiresAt: Date; password: string; mustChangePassword: boolean },
    more?: (repos: Repositories, user: UserRecord) => Promise<void>,
  ): Promise<UserRecord> {
    return this.users.create(null, {
      username: a.username,
      password: a.password,
      displayName: a.displayName,
      email: a.email,
      role: "partner",
      // A partner keeps nothing of its own outside the team.
      quota: 0,
      mustChangePassword: a.mustChangePassword,
      alsoInTransaction: async (repos, user) => {
        const team = await repos.spaces.findById(a.teamSpaceId);
        if (!team || team.kind !== "team" || team.rootNodeId === null) throw new DomainError("NOT_FOUND", "No such team.");
        await repos.partners.create({ userId: user.id, company: a.company, teamSpaceId: team.id, sponsorId: a.sponsorId, expiresAt: a.expiresAt });
        await repos.spaces.addMember(team.id, user.id, "partner");
        const folderId = await this.createOwnFolder(repos, team.rootNodeId, `${a.company ? `${a.company} - ` : ""}${a.displayName}`, user.id);
        await repos.partners.update(user.id, { folderId });
        await more?.(repos, user);
      },
    });
  }

  /** A folder in the team root created as the partner's: by the access rule the partner sees and fills it. */
  private async createOwnFolder(repos: Repositories, rootId: number, wanted: string, partnerId: number): Promise<number> {
    const root = await repos.nodes.findById(rootId);
    if (!root) throw new DomainError("NOT_FOUND", "No such team.");
    await repos.spaces.lock(root.spaceId);
    const safe = wanted.replace(/[/\\\0]/g, "-").trim().slice(0, 200) || "Partner";
    const name = await freeName(repos, root.id, safe === "." || safe === ".." ? "Partner" : safe, "rename");
    const now = this.clock.now();
    const folder = await repos.nodes.create({ spaceId: root.spaceId, parentId: root.id, parentPath: root.path, name, isFolder: true, size: 0, mimeType: null, etag: newEtag(), mtime: now, creatorId: partnerId });
    await propagateChange(repos, folder.path, 0, now);
    return folder.id;
  }

  private async mailInvitation(user: UserRecord, password: string): Promise<boolean> {
    const t = createTranslator(user.locale ?? "en");
    const terms = await this.uow.repos.partners.find(user.id);
    const team = terms ? (await this.uow.repos.partners.spaceNames([terms.teamSpaceId])).get(terms.teamSpaceId) : "";
    const link = `${this.publicUrl().replace(/\/+$/, "")}/login`;
    try {
      await this.mailer.send({
        to: user.email!,
        subject: t("mail.partnerInviteSubject"),
        text: `${t("mail.partnerInviteBody", { name: user.displayName, team: team ?? "", link, username: user.username, password, expires: dateOnly(terms?.expiresAt) })}\n`,
      });
      await this.audit.record({ actorId: null, ip: null, action: "partner.invitation-mailed", targetType: "user", targetId: String(user.id) });
      return true;
    } catch (e) {
      console.error("partner invitation mail failed", e);
      await this.audit.record({ actorId: null, ip: null, action: "partner.invitation-mail-failed", targetType: "user", targetId: String(user.id), details: { error: e instanceof Error ? e.message : String(e) } });
      return false;
    }
  }

  /** A new one-time password, mailed again (when the first invitation did not arrive). */
  async resendInvitation(actor: Actor, userId: number): Promise<{ mailed: boolean }> {
    await this.assertApprover(actor);
    const user = await this.uow.repos.users.findById(userId);
    if (!user || user.role !== "partner" || !(await this.uow.repos.partners.find(userId))) throw new DomainError("NOT_FOUND", "No such partner.");
    const password = oneTimePassword();
    await this.users.update(null, userId, { password });
    await this.uow.repos.users.update(userId, { mustChangePassword: true });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "partner.reinvite", targetType: "user", targetId: String(userId) });
    return { mailed: await this.mailInvitation(user, password) };
  }

  private async mailReminder(p: PartnerRow): Promise<void> {
    const users = new Map((await this.uow.repos.users.findByIds([p.userId, ...(p.sponsorId ? [p.sponsorId] : [])])).map((u) => [u.id, u]));
    const partner = users.get(p.userId);
    if (!partner) return;
    const team = (await this.uow.repos.partners.spaceNames([p.teamSpaceId])).get(p.teamSpaceId) ?? "";
    for (const to of [partner, p.sponsorId ? users.get(p.sponsorId) : undefined]) {
      if (!to?.email) continue;
      const t = createTranslator(to.locale ?? "en");
      await this.mailer
        .send({ to: to.email, subject: t("mail.partnerExpirySubject"), text: `${t("mail.partnerExpiryBody", { name: to.displayName, partner: `${partner.displayName} (${partner.username})`, team, expires: dateOnly(p.expiresAt) })}\n` })
        .catch((e: unknown) => console.error("partner reminder mail failed", e));
    }
    await this.audit.record({ actorId: null, ip: null, action: "partner.reminded", targetType: "user", targetId: String(p.userId) });
  }

  private async requestViews(rows: PartnerRequestRow[]): Promise<PartnerRequestView[]> {
    const teams = await this.uow.repos.partners.spaceNames([...new Set(rows.map((r) => r.teamSpaceId))]);
    const users = new Map((await this.uow.repos.users.findByIds([...new Set(rows.map((r) => r.requestedById))])).map((u) => [u.id, u]));
    return rows.map((r) => ({ ...r, teamName: teams.get(r.teamSpaceId) ?? "", requestedByName: users.get(r.requestedById)?.username ?? "" }));
  }

  private async views(rows: PartnerRow[]): Promise<PartnerView[]> {
    const teams = await this.uow.repos.partners.spaceNames([...new Set(rows.map((r) => r.teamSpaceId))]);
    const ids = [...new Set(rows.flatMap((r) => [r.userId, ...(r.sponsorId ? [r.sponsorId] : [])]))];
    const users = new Map((await this.uow.repos.users.findByIds(ids)).map((u) => [u.id, u]));
    return rows.flatMap((r) => {
      const u = users.get(r.userId);
      if (!u) return [];
      return [{ ...r, username: u.username, displayName: u.displayName, email: u.email, disabled: u.disabled, lastLoginAt: u.lastLoginAt, teamName: teams.get(r.teamSpaceId) ?? "", sponsorName: r.sponsorId ? (users.get(r.sponsorId)?.username ?? null) : null }];
    });
  }

  /** A "YYYY-MM-DD" date after today (UTC midnight of that day). */
  private futureDate(value: string): Date {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
    const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value.trim()) throw new DomainError("INVALID_INPUT", "An expiry date is YYYY-MM-DD.");
    if (date <= this.clock.now()) throw new DomainError("INVALID_INPUT", "The expiry date must be in the future.");
    return date;
  }
}

function oneTimePassword(): string {
  return randomBytes(18).toString("base64url");
}

function required(value: string, field: string, max: number): string {
  const v = value.trim();
  if (!v) throw new DomainError("INVALID_INPUT", `The ${field} is required.`);
  if (v.length > max) throw new DomainError("INVALID_INPUT", `The ${field} has at most ${max} characters.`);
  return v;
}

function dateOnly(d: Date | undefined): string {
  return d ? d.toISOString().slice(0, 10) : "";
}

function assertSiteAdmin(actor: Actor): void {
  if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may do this.");
}
