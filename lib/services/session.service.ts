import "server-only";
import { UAParser } from "ua-parser-js";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";

/** A browser session as its owner sees it in Settings → Security. */
export interface SessionView {
  id: string;
  /** "Firefox 128 on Windows 10", parsed from the user agent; null when unknown */
  browser: string | null;
  os: string | null;
  /** "mobile" | "tablet" | "desktop" */
  deviceType: "mobile" | "tablet" | "desktop";
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

function describe(userAgent: string | null): Pick<SessionView, "browser" | "os" | "deviceType"> {
  if (!userAgent) return { browser: null, os: null, deviceType: "desktop" };
  const ua = new UAParser(userAgent).getResult();
  const join = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(" ") || null;
  const type = ua.device.type === "mobile" || ua.device.type === "tablet" ? ua.device.type : "desktop";
  return { browser: join(ua.browser.name, ua.browser.major), os: join(ua.os.name, ua.os.version), deviceType: type };
}

/**
 * A user's active browser sessions: list, revoke one, sign out everywhere. A revoked session is refused from its next
 * request on (AuthService.actorForSession reads the Session row every time).
 */
export class SessionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The caller's live sessions, most recently used first; `currentId` is marked as this device. */
  async list(actor: Actor, currentId: string | null): Promise<SessionView[]> {
    this.assertUser(actor);
    const now = this.clock.now();
    const rows = (await this.uow.repos.auth.sessionsOf(actor.userId)).filter((s) => s.expiresAt > now);
    return rows.map((s) => ({
      id: s.id,
      ...describe(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      current: s.id === currentId,
    }));
  }

  /** Revokes one of the caller's own sessions (NOT_FOUND for anyone else's, or one already ended). */
  async revoke(actor: Actor, sessionId: string): Promise<void> {
    this.assertUser(actor);
    const session = await this.uow.repos.auth.findSession(sessionId);
    if (!session || session.userId !== actor.userId || session.revokedAt) throw new DomainError("NOT_FOUND", "No such session.");
    await this.uow.repos.auth.revokeSession(sessionId, this.clock.now());
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "session.revoke", targetType: "user", targetId: String(actor.userId) });
  }

  /** Signs out every session of the caller, or every one but `keepId` (this device); returns how many ended. */
  async signOutEverywhere(actor: Actor, keepId: string | null): Promise<number> {
    this.assertUser(actor);
    const ended = await this.uow.repos.auth.revokeOtherSessions(actor.userId, keepId, this.clock.now());
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "session.revoke-all", targetType: "user", targetId: String(actor.userId), details: { keptCurrent: keepId !== null, ended } });
    return ended;
  }

  /** Live (not revoked, not expired) browser sessions site-wide, for the admin dashboard. */
  async activeCount(): Promise<number> {
    return this.uow.repos.auth.countActiveSessions(this.clock.now());
  }

  private assertUser(actor: Actor): void {
    if (actor.link || actor.readOnly || actor.scopeNodeId !== undefined) throw new DomainError("FORBIDDEN", "Sign in to manage your sessions.");
  }
}
