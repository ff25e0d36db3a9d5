import { DomainError } from "@/lib/domain/errors";
import type { DeadPropertyRecord } from "@/lib/repositories/dead-property.repository";
import type { NodeEntry } from "@/lib/services/file.service";
import { lockCovers } from "@/lib/domain/locks";
import { MAX_MARKED, type ShareKind } from "@/lib/services/node-marks.service";
import { hrefOfLockPath, lockPath, type DavContext } from "../context";
import { DavError } from "../errors";
import { parseDepth } from "../headers";
import { MultistatusWriter, type PropStat } from "../multistatus";
import { cacheableProps, CACHE_MIN_CHILDREN, ListingCache, listingKey, MAX_ENTRY_CHARS, sendCached } from "../propfind-cache";
import { needsChecksums, needsDeadProperties, needsFavorites, needsShareTypes, renderAll, renderNamed, renderNames, type PropName, type PropSubject } from "../properties";
import { teamFolderEntries, type MountType } from "../places";
import { hrefOf } from "../resource";
import { DAV_NS, child, elements, is, parseXml, readTextBody } from "../xml";

type Request = { kind: "allprop"; include: PropName[] } | { kind: "propname" } | { kind: "prop"; names: PropName[] };

/**
 * Children are read and written in pages of this many (the listing's largest page), so memory stays flat; each page
 * re-sorts the folder in the database, so fewer, larger pages are faster.
 */
const PAGE = 1000;
/** Dead properties are looked up for this many nodes at a time (the bound-parameter limit of the SQLite driver). */
const DEAD_BATCH = 500;

/** Reads the PROPFIND body: empty means allprop (RFC 4918 §9.1). */
export async function parsePropfind(text: string): Promise<Request> {
  if (text.trim() === "") return { kind: "allprop", include: [] };
  const root = parseXml(text);
  if (!is(root, DAV_NS, "propfind")) throw new DomainError("INVALID_INPUT", "The body must be a DAV:propfind element.");
  const first = elements(root).find((e) => e.ns === DAV_NS && ["allprop", "propname", "prop"].includes(e.local));
  if (!first) throw new DomainError("INVALID_INPUT", "DAV:propfind needs prop, allprop or propname.");
  const names = (el: ReturnType<typeof child>) => (el ? elements(el).map((p) => ({ ns: p.ns, local: p.local })) : []);
  if (first.local === "allprop") return { kind: "allprop", include: names(child(root, DAV_NS, "include")) };
  if (first.local === "propname") return { kind: "propname" };
  return { kind: "prop", names: names(first) };
}

// PROPFIND – properties of a resource and (Depth: 1) its children, streamed page by page
export async function propfind(ctx: DavContext): Promise<void> {
  const depth = parseDepth(ctx.req.headers.depth as string | undefined, "infinity");
  if (depth === "infinity") throw new DavError(403, "PROPFIND with Depth: infinity is not supported; use Depth: 1.", "<d:propfind-finite-depth/>");
  const request = await parsePropfind(await readTextBody(ctx.req));
  const self = ctx.target.node;
  if (!self) throw new DomainError("NOT_FOUND", "No such file or folder.");

  const wantsLocks = request.kind !== "prop" || request.names.some((n) => n.ns === DAV_NS && n.local === "lockdiscovery");
  const listChildren = depth === "1" && self.node.isFolder;
  const locks = wantsLocks && !ctx.teamsIndex ? await ctx.services.locks.covering(ctx.space.id, ctx.target.path, { withDescendants: listChildren }) : [];
  const available = ctx.space.quota === null ? null : Math.max(0, ctx.space.quota - ctx.space.usedBytes - ctx.space.reservedBytes);
  const now = ctx.services.clock.now();
  const named = request.kind === "prop" ? request.names : null;
  const cache = listChildren ? await cacheSlot(ctx, self, named) : null;
  if (cache?.hit) return sendCached(ctx.res, cache.hit);
  const ms = new MultistatusWriter(ctx.res, cache ? MAX_ENTRY_CHARS : 0);

  const withDead = needsDeadProperties(named);
  const withChecksums = needsChecksums(named);
  const withFavorites = needsFavorites(named);
  const withShares = needsShareTypes(named);
  const emit = async (entries: Emitted[]) => {
    const dead = new Map<number, DeadPropertyRecord[]>();
    for (let i = 0; withDead && i < entries.length; i += DEAD_BATCH) {
      for (const [id, props] of await ctx.services.properties.propertiesOf(entries.slice(i, i + DEAD_BATCH).map((e) => e.entry))) dead.set(id, props);
    }
    const starred = new Set<number>();
    for (let i = 0; withFavorites && i < entries.length; i += DEAD_BATCH) {
      for (const id of await ctx.services.favorites.starredAmong(ctx.actor, entries.slice(i, i + DEAD_BATCH).map((e) => e.entry.node.id))) starred.add(id);
    }
    const shared = new Map<number, Set<ShareKind>>();
    for (let i = 0; withShares && i < entries.length; i += MAX_MARKED) {
      for (const [id, kinds] of await ctx.services.marks.shareKindsOf(ctx.actor, entries.slice(i, i + MAX_MARKED).map((e) => e.entry.node.id))) shared.set(id, kinds);
    }
    for (const { entry, segments, mountType } of entries) {
      const path = lockPath(ctx, segments);
      const subject: PropSubject = {
        entry,
        href: hrefOf(ctx.mount, segments, entry.node.isFolder),
        locks: locks.filter((l) => lockCovers(l, path)),
        lockHref: (p) => hrefOfLockPath(ctx, p),
        quota: { used: entry.node.size, available },
        dead: dead.get(entry.node.id) ?? [],
        now,
        favorite: withFavorites ? starred.has(entry.node.id) : undefined,
        shareKinds: withShares ? (shared.get(entry.node.id) ?? new Set()) : undefined,
        mountType: mountType ?? ctx.mountType,
      };
      await ms.response(subject.href, propstats(subject, request));
    }
  };

  // The target first, then a listing's entries (/dav/teams/, a partner's view of a team) or the teams beside the
  // personal folders (a Nextcloud alias's root), "Shared with me", and the children page by page. The target and
  // what is listed beside it go out with the first page: one lookup of each property source for all of them.
  let first: Emitted[] = [{ entry: self, segments: ctx.target.segments }];
  if (depth === "1" && ctx.listed) first.push(...ctx.listed);
  else if (depth === "1" && ctx.teamFolders.length > 0) first.push(...(await teamFolderEntries(ctx.services, ctx.actor, ctx.teamFolders)));
  if (depth === "1" && ctx.sharedFolder) first.push(ctx.sharedFolder);
  if (listChildren && !ctx.teamsIndex) {
    let cursor: string | null = null;
    do {
      const page = await ctx.services.files.listResolved(ctx.actor, self, { sort: "name", order: "asc", cursor, limit: PAGE, checksums: withChecksums });
      await emit([...first, ...page.items.map((entry) => ({ entry, segments: [...ctx.target.segments, entry.node.name] }))]);
      first = [];
      cursor = page.nextCursor;
    } while (cursor);
  } else await emit(first);
  await ms.end();
  const body = ms.body();
  if (cache && body !== null) listings.set(cache.slot, cache.key, body, ctx.actor.userId);
}

const listings = new ListingCache();

/** An entry to answer for, with its segments below the mount; its mount type defaults to the request's. */
type Emitted = { entry: NodeEntry; segments: string[]; mountType?: MountType };

/** The cache key of a Depth 1 listing that may be answered from (or stored in) the listing cache; null if not. */
async function cacheSlot(ctx: DavContext, self: NodeEntry, named: PropName[] | null): Promise<{ slot: string; key: string; hit: Buffer | null } | null> {
  if (!named || !cacheableProps(named) || ctx.actor.link || ctx.actor.role === "partner" || ctx.teamsIndex || ctx.teamFolders.length > 0 || ctx.sharedFolder) return null;
  listings.watch(ctx.services.cacheBus);
  const stamp = await ctx.services.files.childrenStamp(self);
  if (Number(stamp.split(":")[0]) < CACHE_MIN_CHILDREN) return null;
  const parts = {
    userId: ctx.actor.userId,
    role: ctx.actor.role,
    readOnly: ctx.actor.readOnly ?? false,
    scopeNodeId: ctx.actor.scopeNodeId ?? null,
    base: ctx.mount.base,
    path: ctx.target.path,
    folderId: self.node.id,
    rights: self.rights,
    names: named,
  };
  const key = listingKey({ ...parts, etag: self.node.etag, stamp });
  return { slot: listingKey({ ...parts, etag: "", stamp: "" }), key, hit: listings.get(key) };
}

function propstats(subject: PropSubject, request: Request): PropStat[] {
  if (request.kind === "propname") return [{ status: 200, props: renderNames(subject) }];
  const { found, missing } = request.kind === "allprop" ? renderAll(subject, request.include) : renderNamed(subject, request.names);
  const out: PropStat[] = [];
  if (found.length > 0 || missing.length === 0) out.push({ status: 200, props: found });
  if (missing.length > 0) out.push({ status: 404, props: missing });
  return out;
}
