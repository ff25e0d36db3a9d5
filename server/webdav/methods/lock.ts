import { DomainError, isDomainError } from "@/lib/domain/errors";
import { DEFAULT_LOCK_SECONDS, type DavLockRecord } from "@/lib/services/lock.service";
import { hrefOfLockPath, type DavContext } from "../context";
import { DavError } from "../errors";
import { parseDepth, parseTimeout } from "../headers";
import { sendXml } from "../multistatus";
import { activeLock } from "../properties";
import { DAV_NS, child, elements, esc, is, parseXml, readTextBody, serialize } from "../xml";

export interface LockInfo {
  scope: "exclusive" | "shared";
  owner: string | null;
}

/** Reads a DAV:lockinfo body (RFC 4918 §14.11): a write lock, exclusive or shared, with an optional owner. */
export function parseLockInfo(text: string): LockInfo {
  const root = parseXml(text);
  if (!is(root, DAV_NS, "lockinfo")) throw new DomainError("INVALID_INPUT", "The body must be a DAV:lockinfo element.");
  const scopeEl = child(root, DAV_NS, "lockscope");
  const typeEl = child(root, DAV_NS, "locktype");
  const scope = scopeEl ? elements(scopeEl)[0] : undefined;
  if (!scope || scope.ns !== DAV_NS || (scope.local !== "exclusive" && scope.local !== "shared")) throw new DomainError("INVALID_INPUT", "lockscope must be exclusive or shared.");
  if (!typeEl || !is(elements(typeEl)[0], DAV_NS, "write")) throw new DomainError("INVALID_INPUT", "Only write locks are supported.");
  const ownerEl = child(root, DAV_NS, "owner");
  return { scope: scope.local, owner: ownerEl ? serialize(ownerEl.children) : null };
}

function respond(ctx: DavContext, lock: DavLockRecord, status: number): void {
  const body = `<d:prop xmlns:d="DAV:"><d:lockdiscovery>${activeLock(lock, hrefOfLockPath(ctx, lock.path), ctx.services.clock.now())}</d:lockdiscovery></d:prop>`;
  sendXml(ctx.res, status, body, { "Lock-Token": `<${lock.token}>` });
}

// LOCK – take a write lock (exclusive or shared, depth 0 or infinity), refresh one, or lock an unmapped URL
export async function lock(ctx: DavContext): Promise<void> {
  const { target } = ctx;
  const timeout = parseTimeout(ctx.req.headers.timeout as string | undefined) ?? DEFAULT_LOCK_SECONDS;
  const text = await readTextBody(ctx.req);
  if (text.trim() === "") {
    const token = ctx.tokens[0];
    if (!token) throw new DomainError("INVALID_INPUT", "A lock refresh needs the lock token in an If header.");
    const refreshed = await ctx.services.locks.refresh(ctx.actor, ctx.space.id, target.path, token, timeout);
    const body = `<d:prop xmlns:d="DAV:"><d:lockdiscovery>${activeLock(refreshed, hrefOfLockPath(ctx, refreshed.path), ctx.services.clock.now())}</d:lockdiscovery></d:prop>`;
    sendXml(ctx.res, 200, body);
    return;
  }
  const info = parseLockInfo(text);
  const depth = parseDepth(ctx.req.headers.depth as string | undefined, "infinity");
  if (depth === "1") throw new DomainError("INVALID_INPUT", "LOCK takes Depth 0 or infinity.");
  if (!target.node && !target.parent) throw new DomainError("CONFLICT", "The parent folder does not exist.");
  const request = { scope: info.scope, deep: depth === "infinity", owner: info.owner, timeoutSeconds: timeout };
  // Lock on an unmapped URL (RFC 4918 §7.3): the lock service creates an empty file in its place.
  const taken = target.node
    ? ctx.services.locks.lock(ctx.actor, ctx.space.id, target.path, request)
    : ctx.services.locks.lockUnmapped(ctx.actor, ctx.space.id, target.path, request, { parentId: target.parent!.node.id, name: target.segments.at(-1)! });
  const created = await taken.catch((e: unknown) => {
    if (!isDomainError(e) || e.details?.conflictingLock !== true || typeof e.details.path !== "string") throw e;
    throw new DavError(423, e.message, `<d:no-conflicting-lock><d:href>${esc(hrefOfLockPath(ctx, e.details.path))}</d:href></d:no-conflicting-lock>`);
  });
  respond(ctx, created, target.node ? 200 : 201);
}
