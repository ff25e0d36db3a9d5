import { DomainError, isDomainError } from "@/lib/domain/errors";
import type { PropertyChange } from "@/lib/services/property.service";
import { guardWrite, type DavContext } from "../context";
import { MultistatusWriter, type PropStat } from "../multistatus";
import { isLiveProperty } from "../properties";
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

// PROPPATCH – set and remove dead properties, all or nothing; live properties are protected (403)
export async function proppatch(ctx: DavContext): Promise<void> {
  const { target } = ctx;
  const changes = parsePropertyUpdate(await readTextBody(ctx.req));
  if (!target.node) throw new DomainError("NOT_FOUND", "No such file or folder.");
  await guardWrite(ctx, [{ path: target.path, deep: false }]);
  const byKey = new Map<string, Name>();
  for (const c of changes) byKey.set(nameKey(c.namespace, c.name), { ns: c.namespace, local: c.name });
  const names = [...byKey.values()];
  const href = hrefOf(ctx.mount, target.segments, target.node.node.isFolder);
  let propstats: PropStat[];
  if (names.some((n) => isLiveProperty(n.ns, n.local))) {
    propstats = failed(names, (n) => isLiveProperty(n.ns, n.local), 403);
  } else {
    try {
      await ctx.services.properties.patch(ctx.actor, target.node.node.id, changes);
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
