import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import { editorUrl, officeExtensions, parseDiscovery, type DiscoveryAction } from "@/lib/domain/wopi-discovery";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { WopiLockRecord } from "@/lib/repositories/wopi-lock.repository";
import type { AccessService } from "./access.service";
import type { AuthService } from "./auth.service";
import type { Clock } from "./clock";
import type { DownloadService, FileContent } from "./download.service";
import type { EditService, SaveBody } from "./edit.service";
import type { WopiTokens } from "./wopi-tokens";

/** How long an "Open in office" token works (an editing session; the office server keeps it for its calls). */
export const WOPI_TOKEN_TTL_MS = 10 * 60 * 60 * 1000;
/** WOPI locks expire 30 minutes after they were taken or last refreshed (the protocol's rule). */
export const WOPI_LOCK_MS = 30 * 60 * 1000;
/** The longest lock id the protocol allows. */
export const MAX_LOCK_ID = 1024;
/** How long a fetched discovery document is reused. */
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
const SETTING = "wopiDiscoveryUrl";

/** The CheckFileInfo answer (the properties Haven supports; the protocol's defaults cover the rest). */
export interface WopiFileInfo {
  BaseFileName: string;
  OwnerId: string;
  Size: number;
  UserId: string;
  UserFriendlyName: string;
  Version: string;
  LastModifiedTime: string;
  SHA256?: string;
  UserCanWrite: boolean;
  ReadOnly: boolean;
  UserCanNotWriteRelative: true;
  SupportsLocks: true;
  SupportsGetLock: true;
  SupportsUpdate: true;
  BreadcrumbBrandName: string;
}

/** Fetches a discovery document's text (replaced in tests; no office server runs here). */
export type DiscoveryFetcher = (url: string) => Promise<string>;

const fetchDiscovery: DiscoveryFetcher = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "follow" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
};

/** A lock mismatch: CONFLICT, carrying the file's current lock ("" when unlocked) for the X-WOPI-Lock header. */
function lockMismatch(current: WopiLockRecord | null, reason: string): DomainError {
  return new DomainError("CONFLICT", reason, { wopiLock: current?.lockId ?? "" });
}

/** The version string of a file: its current content version (changes on every save, never repeats). */
export const wopiVersion = (node: NodeRecord) => `v${node.currentVersionId ?? 0}`;

/**
 * Haven as a WOPI host, so that a Collabora Online or OnlyOffice server can open and save office files: the
 * site's discovery URL (an admin setting), "Open in office" (editor URL plus an access token), and the protocol's
 * file operations (CheckFileInfo, GetFile, PutFile, Lock, Unlock, RefreshLock, GetLock, UnlockAndRelock).
 * Every call acts as the token's user through that user's browser session, with AccessService's rights; saves go
 * through EditService (quota, names, WebDAV locks, a new version).
 */
export class WopiService {
  private discoveryCache: { url: string; at: number; actions: DiscoveryAction[] } | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly auth: AuthService,
    private readonly downloads: DownloadService,
    private readonly edits: EditService,
    private readonly tokens: WopiTokens,
    private readonly clock: Clock,
    private readonly publicUrl: () => string,
    private readonly fetcher: DiscoveryFetcher = fetchDiscovery,
  ) {}

  /** The office server's discovery URL (Admin → Settings), or null when none is set. */
  async discoveryUrl(): Promise<string | null> {
    return (await this.uow.repos.settings.get<string | null>(SETTING)) ?? null;
  }

  /** Admins only: sets (an http(s) URL) or clears (null) the discovery URL. */
  async setDiscoveryUrl(actor: Actor, url: string | null): Promise<string | null> {
    if (actor.role !== "admin" || actor.link) throw new DomainError("FORBIDDEN", "Only site administrators may change the office server.");
    const value = url?.trim() || null;
    if (value !== null && !/^https?:\/\/[^\s/]+/i.test(value)) throw new DomainError("INVALID_INPUT", "The discovery URL must be an http or https URL.");
    await this.uow.repos.settings.set(SETTING, value);
    this.discoveryCache = null;
    return value;
  }

  /** The extensions the office server opens, for the browser's "Open in office" (none when unset or unreachable). */
  async officeExtensions(): Promise<string[]> {
    const url = await this.discoveryUrl();
    if (!url) return [];
    return officeExtensions(await this.actions(url).catch(() => []));
  }

  /**
   * "Open in office": the editor URL for a file (edit if the user may write, else view) and an access token bound
   * to the user's session and the file. The browser posts the token to the editor URL.
   */
  async openInOffice(actor: Actor & { sessionId: string }, nodeId: number): Promise<{ url: string; mode: "edit" | "view"; accessToken: string; accessTokenTtl: number }> {
    const { node, rights } = await this.access.requireNode(actor, nodeId, "read");
    if (node.isFolder) throw new DomainError("CONFLICT", "Folders do not open in an office editor.");
    const discovery = await this.discoveryUrl();
    if (!discovery) throw new DomainError("UNAVAILABLE", "No office server is set up.");
    const actions = await this.actions(discovery).catch(() => {
      throw new DomainError("UNAVAILABLE", "The office server's discovery document could not be read.");
    });
    const target = editorUrl(actions, node, rights.write && !actor.readOnly, `${this.publicUrl().replace(/\/$/, "")}/wopi/files/${node.id}`);
    if (!target) throw new DomainError("CONFLICT", "The office server does not open this type of file.");
    const expiresAt = new Date(this.clock.now().getTime() + WOPI_TOKEN_TTL_MS);
    const accessToken = this.tokens.issue({ userId: actor.userId, sessionId: actor.sessionId, nodeId: node.id, expiresAt });
    return { ...target, accessToken, accessTokenTtl: expiresAt.getTime() };
  }

  // CheckFileInfo – GET /wopi/files/:id
  async checkFileInfo(token: string | null, nodeId: number): Promise<WopiFileInfo> {
    const { actor, node, canWrite } = await this.resolve(token, nodeId, "read");
    const version = node.currentVersionId === null ? null : await this.uow.repos.blobs.findVersion(node.currentVersionId);
    return {
      BaseFileName: node.name,
      OwnerId: String(node.creatorId ?? ""),
      Size: node.size,
      UserId: String(actor.userId),
      UserFriendlyName: actor.user.displayName,
      Version: wopiVersion(node),
      LastModifiedTime: node.mtime.toISOString(),
      ...(version ? { SHA256: Buffer.from(version.sha256, "hex").toString("base64") } : {}),
      UserCanWrite: canWrite,
      ReadOnly: !canWrite,
      UserCanNotWriteRelative: true,
      SupportsLocks: true,
      SupportsGetLock: true,
      SupportsUpdate: true,
      BreadcrumbBrandName: "Haven",
    };
  }

  // GetFile – GET /wopi/files/:id/contents
  async getFile(token: string | null, nodeId: number): Promise<FileContent> {
    const { actor } = await this.resolve(token, nodeId, "read");
    return this.downloads.openFile(actor, nodeId);
  }

  /**
   * PutFile – POST /wopi/files/:id/contents: a new version, when the request holds the file's lock, or the file is
   * unlocked and empty (a new document). Otherwise a lock mismatch.
   */
  async putFile(token: string | null, nodeId: number, lockId: string | undefined, body: SaveBody): Promise<{ version: string }> {
    const { actor, node } = await this.resolve(token, nodeId, "write").catch((e: unknown) => {
      body.body.destroy();
      throw e;
    });
    const current = await this.liveLock(this.uow.repos, nodeId);
    const refusal = current ? (current.lockId !== lockId ? "The file is locked by another editor." : null) : node.size !== 0 ? "The file is not locked." : null;
    if (refusal) {
      body.body.destroy();
      throw lockMismatch(current, refusal);
    }
    const saved = await this.edits.saveContent(actor, nodeId, body, undefined, { wopiLock: lockId });
    return { version: wopiVersion(saved.node) };
  }

  /** Lock, or with `oldLockId` UnlockAndRelock – POST /wopi/files/:id, X-WOPI-Override: LOCK. */
  async lock(token: string | null, nodeId: number, lockId: string, oldLockId?: string): Promise<{ version: string }> {
    assertLockId(lockId);
    return this.withLock(token, nodeId, "write", async (repos, who, current) => {
      if (oldLockId !== undefined) {
        if (current?.lockId !== oldLockId) throw lockMismatch(current, "The old lock does not match.");
      } else if (current && current.lockId !== lockId) throw lockMismatch(current, "The file is locked by another editor.");
      await repos.wopiLocks.put({ nodeId, lockId, userId: who.userId, expiresAt: this.lockExpiry() });
    });
  }

  // RefreshLock – X-WOPI-Override: REFRESH_LOCK
  async refreshLock(token: string | null, nodeId: number, lockId: string): Promise<{ version: string }> {
    return this.withLock(token, nodeId, "write", async (repos, _who, current) => {
      if (current?.lockId !== lockId) throw lockMismatch(current, "The lock does not match.");
      await repos.wopiLocks.put({ ...current, expiresAt: this.lockExpiry() });
    });
  }

  // Unlock – X-WOPI-Override: UNLOCK
  async unlock(token: string | null, nodeId: number, lockId: string): Promise<{ version: string }> {
    return this.withLock(token, nodeId, "write", async (repos, _node, current) => {
      if (current?.lockId !== lockId) throw lockMismatch(current, "The lock does not match.");
      await repos.wopiLocks.remove(nodeId);
    });
  }

  // GetLock – X-WOPI-Override: GET_LOCK: the current lock id, "" when unlocked.
  async getLock(token: string | null, nodeId: number): Promise<{ lockId: string; version: string }> {
    const { node } = await this.resolve(token, nodeId, "read");
    return { lockId: (await this.liveLock(this.uow.repos, nodeId))?.lockId ?? "", version: wopiVersion(node) };
  }

  /** Runs a lock change in one transaction with the file's live lock (null when none or expired). */
  private async withLock(
    token: string | null,
    nodeId: number,
    action: "read" | "write",
    change: (repos: Repositories, who: { userId: number }, current: WopiLockRecord | null) => Promise<void>,
  ): Promise<{ version: string }> {
    const { actor, node } = await this.resolve(token, nodeId, action);
    await this.uow.transaction(async (repos) => change(repos, { userId: actor.userId }, await this.liveLock(repos, nodeId)));
    return { version: wopiVersion(node) };
  }

  private liveLock(repos: Repositories, nodeId: number): Promise<WopiLockRecord | null> {
    return repos.wopiLocks.findLive(nodeId, this.clock.now());
  }

  private lockExpiry(): Date {
    return new Date(this.clock.now().getTime() + WOPI_LOCK_MS);
  }

  /**
   * The token's user (through its live browser session) and the file, with the right `action` needs.
   * UNAUTHENTICATED for a missing, forged or expired token, one for another file, or a session that ended;
   * NOT_FOUND when the user may not read the file (or write it, for writes: the protocol's "user unauthorized").
   */
  private async resolve(token: string | null, nodeId: number, action: "read" | "write") {
    const grant = this.tokens.verify(token, this.clock.now());
    if (!grant || grant.nodeId !== nodeId) throw new DomainError("UNAUTHENTICATED", "The access token is not valid for this file.");
    const actor = await this.auth.actorForSession(grant.sessionId);
    if (!actor || actor.userId !== grant.userId || actor.mustEnrolTwoFactor || actor.user.mustChangePassword) {
      throw new DomainError("UNAUTHENTICATED", "The access token's session has ended.");
    }
    const { node, rights } = await this.access.requireNode(actor, nodeId, "read");
    if (node.isFolder) throw new DomainError("NOT_FOUND", "No such file.");
    const canWrite = rights.write && !actor.readOnly;
    if (action === "write" && !canWrite) throw new DomainError("NOT_FOUND", "This user may not change the file.");
    return { actor, node, canWrite };
  }

  private async actions(url: string): Promise<DiscoveryAction[]> {
    const cached = this.discoveryCache;
    if (cached && cached.url === url && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.actions;
    const actions = parseDiscovery(await this.fetcher(url));
    this.discoveryCache = { url, at: Date.now(), actions };
    return actions;
  }
}

function assertLockId(lockId: string): void {
  if (!lockId || lockId.length > MAX_LOCK_ID) throw new DomainError("INVALID_INPUT", `X-WOPI-Lock must hold 1 to ${MAX_LOCK_ID} characters.`);
}
