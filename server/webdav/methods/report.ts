import { DomainError } from "@/lib/domain/errors";
import type { DavContext } from "../context";
import { MultistatusWriter } from "../multistatus";
import { renderNamed, type PropName } from "../properties";
import { hrefOf } from "../resource";
import { DAV_NS, OC_NS, child, elements, is, parseXml, readTextBody } from "../xml";

// REPORT oc:filter-files with the rule oc:favorite 1 – the user's starred files and folders in this space (the
// Nextcloud apps' favourites list), each with the properties asked for
export async function report(ctx: DavContext): Promise<void> {
  const root = parseXml(await readTextBody(ctx.req));
  if (!is(root, OC_NS, "filter-files")) throw new DomainError("INVALID_INPUT", "Only the oc:filter-files report is supported.");
  const rules = child(root, OC_NS, "filter-rules");
  const favorite = rules ? child(rules, OC_NS, "favorite") : undefined;
  const wanted = favorite?.children.filter((c): c is string => typeof c === "string").join("").trim();
  if (wanted !== "1") throw new DomainError("INVALID_INPUT", "oc:filter-files supports the filter rule <oc:favorite>1</oc:favorite> only.");
  const propEl = child(root, DAV_NS, "prop");
  const names: PropName[] = propEl ? elements(propEl).map((p) => ({ ns: p.ns, local: p.local })) : [{ ns: DAV_NS, local: "resourcetype" }];
  const now = ctx.services.clock.now();
  const ms = new MultistatusWriter(ctx.res);
  for (const entry of await ctx.services.favorites.list(ctx.actor)) {
    if (entry.node.spaceId !== ctx.space.id) continue;
    const full = await ctx.services.locks.segmentsOf(ctx.actor, entry.node.id);
    // Only what lies inside this mount (an app password limited to a folder sees that folder's stars).
    if (ctx.rootSegments.some((s, i) => full[i] !== s) || full.length <= ctx.rootSegments.length) continue;
    const href = hrefOf(ctx.mount, full.slice(ctx.rootSegments.length), entry.node.isFolder);
    const { found, missing } = renderNamed({ entry, href, locks: [], lockHref: () => href, quota: { used: entry.node.size, available: null }, dead: [], now, favorite: true }, names);
    await ms.response(href, [{ status: 200, props: found }, ...(missing.length ? [{ status: 404, props: missing }] : [])]);
  }
  await ms.end();
}
