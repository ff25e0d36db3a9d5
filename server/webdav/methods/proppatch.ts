import { DomainError, isDomainError } from "@/lib/domain/errors";
import type { PropertyChange } from "@/lib/services/property.service";
import { guardWrite, type DavContext } from "../context";
import { MultistatusWriter, type PropStat } from "../multistatus";
import { isFavoriteProperty, isLiveProperty } from "../properties";
import { hrefOf } from "../resource";
import { DAV_NS, elements, emptyProp, is, parseXml, readTextBody, serialize } from "../xml";

/** Reads a DAV:propertyupdate body into ordered set/remove changes (RFC 4918 §9.2). */
export function parsePropertyUpdate(text: string): PropertyChange[] {
  const root = parseXml(text);
  if (!is(root, DAV_NS, "propertyupdate")) throw new DomainError("INVALID_INPUT", "The body must be a DAV:propertyupdate element.");
  const changes: PropertyChange[] = [];
  for (const action of elements(root)) {
    if (action.ns !== DAV_NS || (action.local !== "set" && action.local !== "remove")) continue;
    for (const prop of elements(action).filter((e) => is(e, DAV_NS, "prop"))) {
      for (const p of elements(prop)) {
        if (action.local === "set") changes.push({ op: "set", namespace: p.ns, name: p.local, value: serialize(p.children) });
        else changes.push({ op: "remove", namespace: p.ns, name: p.local });
      }
    }
  }
  if (changes.length === 0) throw new DomainError("INVALID_INPUT", "DAV:propertyupdate names no property.");
  return changes;
}

type Name = { ns: string; local: string };
const nameKey = (ns: string, local: string) => `${ns}\n${local}`;

/** Splits the names into those that failed with `status` and the rest (424, RFC 4918 §9.2: all or nothing). */
function failed(names: Name[], isFailed: (n: Name) => boolean, status: number, description?: string): PropStat[] {
  const bad = names.filter(isFailed);
  const rest = names.filter((n) => !isFailed(n));
  return [
    { status, props: bad.map((n) => emptyProp(n.ns, n.local)), description },
    ...(rest.length > 0 ? [{ status: 424, props: rest.map((n) => emptyProp(n.ns, n.local)) }] : []),
  ];
}

/**
 * A property limit the service refused (RFC 4918 §9.2.1: 507, the server cannot record the property): the one
 * oversized property, or every property set when the node would hold too many; null for any other error.
 */
function storageRefusal(e: unknown, names: Name[], changes: PropertyChange[]): PropStat[] | null {
  if (!isDomainError(e) || (e.code !== "QUOTA_EXCEEDED" && e.code !== "TOO_LARGE")) return null;
  const one = e.details?.property as { namespace: string; name: string } | undefined;
  const sets = new Set(changes.filter((c) => c.op === "set").map((c) => nameKey(c.namespace, c.name)));
  const isFailed = one ? (n: Name) => n.ns === one.namespace && n.local === one.name : (n: Name) => sets.has(nameKey(n.ns, n.local));
  return failed(names, isFailed, 507, e.message);
}

/** The star an oc:favorite change asks for (the last one wins): "1" stars, "0", empty or remove unstars. */
function favoriteOf(changes: PropertyChange[]): boolean | null {
  const last = changes.filter((c) => isFavoriteProperty(c.namespace, c.name)).at(-1);
  if (!last) return null;
  if (last.op === "remove") return false;
  const value = last.value.trim();
  if (value !== "0" && value !== "1" && value !== "") throw new DomainError("INVALID_INPUT", "oc:favorite is 0 or 1.");
  return value === "1";
}

/**
 * The modification time a DAV:lastmodified change asks for (Nextcloud's way to set it; rclone and the clients send
 * Unix seconds, some an HTTP date); null when none is named. Removing it is refused like any protected property.
 */
function lastModifiedOf(changes: PropertyChange[]): Date | null {
  const last = changes.filter((c) => isLastModified(c.namespace, c.name)).at(-1);
  if (!last) return null;
  if (last.op === "remove") throw new DomainError("FORBIDDEN", "DAV:lastmodified cannot be removed.");
  const value = last.value.trim();
  const date = /^\d{1,12}(\.\d+)?$/.test(value) ? new Date(Math.round(Number(value) * 1000)) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new DomainError("INVALID_INPUT", "DAV:lastmodified is Unix seconds or an HTTP date.");
  return date;
}

const isLastModified = (ns: string, local: string) => ns === DAV_NS && local === "lastmodified";

// PROPPATCH – set and remove dead properties, all or nothing; live properties are protected (403), except
// oc:favorite, which stars the resource for the user (needs only read access; it is not a change to the file), and
// DAV:lastmodified, which sets the real modification time (write access)
export async function proppatch(ctx: DavContext): Promise<void> {
  const { target } = ctx;
  const all = parsePropertyUpdate(await readTextBody(ctx.req));
  if (!target.node) throw new DomainError("NOT_FOUND", "No such file or folder.");
  const favorite = favoriteOf(all);
  const mtime = lastModifiedOf(all);
  const changes = all.filter((c) => !isFavoriteProperty(c.namespace, c.name) && !isLastModified(c.namespace, c.name));
  if (changes.length > 0) await guardWrite(ctx, [{ path: target.path, deep: false }]);
  const byKey = new Map<string, Name>();
  for (const c of all) byKey.set(nameKey(c.namespace, c.name), { ns: c.namespace, local: c.name });
  const names = [...byKey.values()];
  const href = hrefOf(ctx.mount, target.segments, target.node.node.isFolder);
  let propstats: PropStat[];
  const protectedProp = (n: Name) => isLiveProperty(n.ns, n.local) && !isFavoriteProperty(n.ns, n.local);
  if (names.some(protectedProp)) {
    propstats = failed(names, protectedProp, 403);
  } else {
    try {
      if (changes.length > 0) await ctx.services.properties.patch(ctx.actor, target.node.node.id, changes);
      if (favorite !== null) await ctx.services.favorites.set(ctx.actor, target.node.node.id, favorite);
      if (mtime !== null) await ctx.services.files.setMtime(ctx.actor, target.node.node.id, mtime);
      propstats = [{ status: 200, props: names.map((n) => emptyProp(n.ns, n.local)) }];
    } catch (e) {
      const refused = storageRefusal(e, names, changes);
      if (!refused) throw e;
      propstats = refused;
    }
  }
  const ms = new MultistatusWriter(ctx.res);
  await ms.response(href, propstats);
  await ms.end();
}
