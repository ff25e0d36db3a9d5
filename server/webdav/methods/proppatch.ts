import { DomainError } from "@/lib/domain/errors";
import type { PropertyChange } from "@/lib/services/property.service";
import { guardWrite, type DavContext } from "../context";
import { MultistatusWriter } from "../multistatus";
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

// PROPPATCH – set and remove dead properties, all or nothing; live properties are protected (403)
export async function proppatch(ctx: DavContext): Promise<void> {
  const { target } = ctx;
  const changes = parsePropertyUpdate(await readTextBody(ctx.req));
  if (!target.node) throw new DomainError("NOT_FOUND", "No such file or folder.");
  await guardWrite(ctx, [{ path: target.path, deep: false }]);
  const names = new Map<string, { ns: string; local: string }>();
  for (const c of changes) names.set(`${c.namespace}\n${c.name}`, { ns: c.namespace, local: c.name });
  const protectedOnes = [...names.values()].filter((n) => isLiveProperty(n.ns, n.local));
  const ms = new MultistatusWriter(ctx.res);
  const href = hrefOf(ctx.mount, target.segments, target.node.node.isFolder);
  if (protectedOnes.length > 0) {
    const rest = [...names.values()].filter((n) => !isLiveProperty(n.ns, n.local));
    await ms.response(href, [
      { status: 403, props: protectedOnes.map((n) => emptyProp(n.ns, n.local)) },
      ...(rest.length > 0 ? [{ status: 424, props: rest.map((n) => emptyProp(n.ns, n.local)) }] : []),
    ]);
    return ms.end();
  }
  await ctx.services.properties.patch(ctx.actor, target.node.node.id, changes);
  await ms.response(href, [{ status: 200, props: [...names.values()].map((n) => emptyProp(n.ns, n.local)) }]);
  await ms.end();
}
