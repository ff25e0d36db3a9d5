import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { LoginFlowRecord } from "@/lib/repositories/login-flow.repository";
import type { AppPasswordService } from "./app-password.service";
import type { Clock } from "./clock";

/** As in Nextcloud: a login flow must be granted and collected within 20 minutes. */
export const LOGIN_FLOW_TTL_MS = 20 * 60 * 1000;
/** App password names hold at most 100 characters. */
const MAX_CLIENT_NAME = 100;

export type LoginFlowKind = "v1" | "v2";

/** What the grant page shows about a flow. */
export interface LoginFlowView {
  kind: LoginFlowKind;
  clientName: string;
  granted: boolean;
}

/** The result of granting: v1 hands the credentials to the page (for the nc:// redirect), v2 keeps them for the poll. */
export type LoginFlowGrant = { kind: "v1"; loginName: string; appPassword: string } | { kind: "v2" };

/**
 * Nextcloud Login Flow v1 and v2 (the way the desktop and mobile apps add an account): a client starts a flow, a
 * signed-in user grants it on Haven's page, and the client receives a fresh app password named after it.
 * Tokens are stored as hashes only. The v2 poll token begins with the login token, whose second hash seals the app
 * password until the one poll that collects it, so neither a database copy nor the login URL alone reveals it.
 */
export class LoginFlowService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appPasswords: AppPasswordService,
    private readonly clock: Clock,
  ) {}

  /** Starts a flow for the client named by its User-Agent. `pollToken` only for v2. */
  async start(kind: LoginFlowKind, userAgent: string | null | undefined): Promise<{ loginToken: string; pollToken: string | null; expiresAt: Date }> {
    const now = this.clock.now();
    await this.uow.repos.loginFlows.deleteExpired(now);
    const loginToken = randomBytes(32).toString("base64url");
    const pollToken = kind === "v2" ? loginToken + randomBytes(32).toString("base64url") : null;
    const expiresAt = new Date(now.getTime() + LOGIN_FLOW_TTL_MS);
    await this.uow.repos.loginFlows.create({
      kind,
      loginTokenHash: digest("login", loginToken),
      pollTokenHash: pollToken === null ? null : digest("poll", pollToken),
      clientName: clientNameOf(userAgent),
      createdAt: now,
      expiresAt,
    });
    return { loginToken, pollToken, expiresAt };
  }

  /** Deletes expired flows (the `loginflows.expire` job; starting a flow also does); returns how many. */
  async expire(): Promise<number> {
    return this.uow.repos.loginFlows.deleteExpired(this.clock.now());
  }

  /** The flow behind a grant page's token; NOT_FOUND when unknown or expired. */
  async describe(loginToken: string): Promise<LoginFlowView> {
    const row = await this.live(loginToken);
    return { kind: row.kind as LoginFlowKind, clientName: row.clientName, granted: row.grantedAt !== null };
  }

  /**
   * The signed-in user grants the flow: an app password named after the client is created (listed and revocable under
   * Settings → Security). Only a full web session may grant (never an app password); a flow is granted once.
   */
  async grant(actor: Actor, loginToken: string): Promise<LoginFlowGrant> {
    if (actor.link || actor.readOnly || actor.scopeNodeId !== undefined) throw new DomainError("FORBIDDEN", "Sign in to Haven to connect an app.");
    const row = await this.live(loginToken);
    if (row.grantedAt) throw new DomainError("CONFLICT", "This app was already connected.");
    const user = await this.uow.repos.users.findById(actor.userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    const { appPassword, password } = await this.appPasswords.create(actor, user.id, { name: row.clientName });
    const sealed = row.kind === "v2" ? seal(loginToken, password) : null;
    if (!(await this.uow.repos.loginFlows.grant(row.id, { userId: user.id, loginName: user.username, sealedPassword: sealed, at: this.clock.now() }))) {
      await this.appPasswords.revoke(actor, appPassword.id);
      throw new DomainError("CONFLICT", "This app was already connected.");
    }
    if (row.kind === "v2") return { kind: "v2" };
    await this.uow.repos.loginFlows.consume(row.id, this.clock.now());
    return { kind: "v1", loginName: user.username, appPassword: password };
  }

  /**
   * The v2 poll: the login name and app password once the flow was granted, exactly once. NOT_FOUND while it waits
   * for the grant, once collected, when expired or unknown (the client keeps polling on 404 as with Nextcloud).
   */
  async poll(pollToken: string): Promise<{ loginName: string; appPassword: string }> {
    const row = await this.uow.repos.loginFlows.findByPollToken(digest("poll", pollToken));
    const now = this.clock.now();
    if (!row || row.expiresAt <= now || !row.grantedAt || row.consumedAt || !row.sealedPassword || !row.loginName) throw notFound();
    if (!(await this.uow.repos.loginFlows.consume(row.id, now))) throw notFound();
    return { loginName: row.loginName, appPassword: unseal(pollToken.slice(0, LOGIN_TOKEN_LENGTH), row.sealedPassword) };
  }

  private async live(loginToken: string): Promise<LoginFlowRecord> {
    const row = await this.uow.repos.loginFlows.findByLoginToken(digest("login", loginToken));
    if (!row || row.expiresAt <= this.clock.now()) throw notFound();
    return row;
  }
}

/** base64url of 32 bytes */
const LOGIN_TOKEN_LENGTH = 43;

/** The client's name as Nextcloud takes it: its User-Agent, or "unknown". */
export function clientNameOf(userAgent: string | null | undefined): string {
  const name = (userAgent ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name === "" ? "unknown" : name.slice(0, MAX_CLIENT_NAME);
}

function notFound(): DomainError {
  return new DomainError("NOT_FOUND", "No such login flow, or it has expired or was used.");
}

function digest(purpose: string, token: string): string {
  return createHash("sha256").update(`${purpose}:${token}`).digest("hex");
}

function sealKey(loginToken: string): Buffer {
  return createHash("sha256").update(`seal:${loginToken}`).digest();
}

function seal(loginToken: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(loginToken), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

function unseal(loginToken: string, sealed: string): string {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", sealKey(loginToken), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
