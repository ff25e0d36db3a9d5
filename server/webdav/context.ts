import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import type { SpaceRecord } from "@/lib/domain/types";
import type { NativeActor } from "@/lib/services/app-password.service";
import type { NodeEntry } from "@/lib/services/file.service";
import type { WriteTarget } from "@/lib/services/lock.service";
import type { IfList } from "./headers";
import type { ListedEntry, MountType, TeamFolder } from "./places";
import { hrefOf, pathOf, type DavMount, type DavResource } from "./resource";

/** Everything a method module needs about one authenticated WebDAV request. */
export interface DavContext {
  req: IncomingMessage;
  res: ServerResponse;
  services: Services;
  actor: NativeActor;
  space: SpaceRecord;
  mount: DavMount;
  /** the folder the mount's "/" maps to (the space root, or an app password's folder) */
  rootId: number;
  /** names from the space root down to rootId (empty unless the credential is limited to a folder) */
  rootSegments: string[];
  /** the request target */
  target: DavResource;
  /** the parsed If header, when sent */
  ifLists: IfList[] | null;
  /** lock tokens the client submitted in its If header */
  tokens: string[];
  /** team folders listed beside the target's children (a Nextcloud alias's root, `/dav/teams/`) */
  teamFolders: TeamFolder[];
  /** "Shared with me", listed beside them at a Nextcloud alias's root when anything is shared with the user */
  sharedFolder?: ListedEntry;
  /** a read-only listing with no node of its own (`/dav/teams/`, a partner's view of a team) */
  teamsIndex: boolean;
  /** that listing's entries */
  listed?: ListedEntry[];
  /** how Nextcloud would have mounted the target and what is below it (listed entries carry their own) */
  mountType: MountType;
}

/**
 * Resolves mount-relative segments to a resource in the space (its SHA-256 only with `checksum`, for PROPFIND; its
 * current version and blob location with `content`, for GET).
 */
export async function resolve(ctx: Pick<DavContext, "services" | "actor" | "rootId" | "rootSegments">, segments: string[], opts: { checksum?: boolean; content?: boolean; root?: NodeEntry } = {}): Promise<DavResource> {
  const { node, parent } = await ctx.services.files.resolvePath(ctx.actor, ctx.rootId, segments, { checksum: opts.checksum ?? false, content: opts.content, root: opts.root });
  return { segments, path: lockPath(ctx, segments), node, parent };
}

/** resolve answered at once when FileService.resolvePathNow can (no checksum); undefined otherwise. */
export function resolveNow(ctx: Pick<DavContext, "services" | "actor" | "rootId" | "rootSegments">, segments: string[], opts: { content?: boolean; root?: NodeEntry }): DavResource | undefined {
  const found = ctx.services.files.resolvePathNow(ctx.actor, ctx.rootId, segments, { checksum: false, content: opts.content, root: opts.root });
  return found && { segments, path: lockPath(ctx, segments), node: found.node, parent: found.parent };
}

/** The space-absolute path used for locks ("/" or "/a/b"), whatever folder the mount starts at. */
export function lockPath(ctx: Pick<DavContext, "rootSegments">, segments: string[]): string {
  return pathOf([...ctx.rootSegments, ...segments]);
}

/** The href of a space-absolute lock path under this mount. */
export function hrefOfLockPath(ctx: Pick<DavContext, "rootSegments" | "mount">, path: string): string {
  const segments = path.split("/").filter(Boolean).slice(ctx.rootSegments.length);
  return hrefOf(ctx.mount, segments, false);
}

/**
 * Refuses a write (423) unless the client submitted the tokens of every lock covering the targets. Only for what no
 * service call checks itself (dead properties): file writes and lock-null files are checked by the services.
 */
export async function guardWrite(ctx: DavContext, targets: WriteTarget[]): Promise<void> {
  await ctx.services.locks.assertWritable(ctx.actor, ctx.space.id, targets, ctx.tokens);
}

/** A LOCKED error names the locked resource by its href under this mount (the 423 body's lock-token-submitted). */
export function withLockHref(ctx: Pick<DavContext, "rootSegments" | "mount">, e: unknown): unknown {
  if (isDomainError(e) && e.code === "LOCKED" && typeof e.details?.path === "string") {
    return new DomainError("LOCKED", e.message, { href: hrefOfLockPath(ctx, e.details.path) });
  }
  return e;
}

/** True when the request carries a body (MKCOL must refuse one). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return Number(length) > 0;
  return req.headers["transfer-encoding"] !== undefined;
}
