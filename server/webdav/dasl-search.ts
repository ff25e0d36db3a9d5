import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { SearchType } from "@/lib/domain/search";
import type { NativeActor } from "@/lib/services/app-password.service";
import type { SearchHit } from "@/lib/services/search.service";
import { DavError } from "./errors";
import { MultistatusWriter } from "./multistatus";
import { renderNamed, type PropName } from "./properties";
import { placeOf, SHARED_FOLDER, sharedEntries, type MountType } from "./places";
import { encodeSegment } from "./resource";
import { DAV_NS, child, elements, parseXml, readTextBody, type XmlElement } from "./xml";

/** Where the Nextcloud apps send DASL SEARCH (RFC 5323 basicsearch): the DAV root. */
export const DASL_PATHS = new Set(["/remote.php/dav", "/remote.php/dav/"]);

const MAX_RESULTS = 200;

/** A basicsearch as far as Haven answers it: content-type prefixes, a modification window, newest first, a limit. */
export interface MediaQuery {
  names: PropName[];
  types: SearchType[];
  modifiedAfter?: Date;
  modifiedBefore?: Date;
  limit: number;
}

const text = (el: XmlElement | undefined) => (el ? el.children.filter((c): c is string => typeof c === "string").join("").trim() : "");
const propOf = (el: XmlElement) => elements(child(el, DAV_NS, "prop") ?? el).find((p) => p.local !== "prop");

/** Reads the basicsearch the apps' media tab sends (getcontenttype LIKE image/% or video/%, getlastmodified bounds). */
export function parseMediaSearch(body: string): MediaQuery {
  const root = parseXml(body);
  const basic = root.local === "searchrequest" ? child(root, DAV_NS, "basicsearch") : undefined;
  if (!basic) throw new DomainError("INVALID_INPUT", "SEARCH takes a DAV:searchrequest with a DAV:basicsearch.");
  const select = child(basic, DAV_NS, "select");
  const selectProp = select ? child(select, DAV_NS, "prop") : undefined;
  const names = selectProp ? elements(selectProp).map((p) => ({ ns: p.ns, local: p.local })) : [{ ns: DAV_NS, local: "getcontenttype" }];
  const query: MediaQuery = { names, types: [], limit: MAX_RESULTS };
  const visit = (el: XmlElement) => {
    const prop = propOf(el);
    const literal = text(child(el, DAV_NS, "literal"));
    if (el.local === "like" && prop?.local === "getcontenttype") {
      const type = /^(image|video|audio)\/%?$/i.exec(literal)?.[1]?.toLowerCase() as SearchType | undefined;
      if (!type) throw new DomainError("INVALID_INPUT", `SEARCH by content type supports image/%, video/% and audio/%, not "${literal.slice(0, 40)}".`);
      if (!query.types.includes(type)) query.types.push(type);
    } else if (["gt", "gte", "lt", "lte"].includes(el.local) && prop?.local === "getlastmodified") {
      const date = /^\d+$/.test(literal) ? new Date(Number(literal) * 1000) : new Date(literal);
      if (Number.isNaN(date.getTime())) throw new DomainError("INVALID_INPUT", "A getlastmodified bound is Unix seconds or a date.");
      if (el.local.startsWith("g")) query.modifiedAfter = date;
      else query.modifiedBefore = el.local === "lte" ? new Date(date.getTime() + 1000) : date;
    } else {
      for (const c of elements(el)) visit(c);
    }
  };
  const where = child(basic, DAV_NS, "where");
  if (where) visit(where);
  if (query.types.length === 0) throw new DomainError("INVALID_INPUT", "SEARCH needs a getcontenttype condition (image/% or video/%).");
  const limit = child(basic, DAV_NS, "limit");
  const n = Number(text(limit ? child(limit, DAV_NS, "nresults") : undefined) || MAX_RESULTS);
  query.limit = Math.min(Math.max(Number.isFinite(n) ? Math.floor(n) : MAX_RESULTS, 1), MAX_RESULTS);
  return query;
}

/**
 * SEARCH on /remote.php/dav/: the media tab's query, answered through SearchService (only what the user may read),
 * newest first, with hrefs under /remote.php/dav/files/<user>/ (team spaces as their top-level folders).
 */
export async function serveDaslSearch(req: IncomingMessage, res: ServerResponse, actor: NativeActor, services: Services): Promise<void> {
  if (req.method !== "SEARCH") throw new DavError(405, "Only SEARCH is served at the DAV root.", undefined, { Allow: "OPTIONS, SEARCH" });
  const query = parseMediaSearch(await readTextBody(req));
  const hits: SearchHit[] = [];
  for (const type of query.types) {
    const page = await services.search.search(actor, { q: "", scope: "all", type, modifiedAfter: query.modifiedAfter, modifiedBefore: query.modifiedBefore, limit: query.limit });
    hits.push(...page.items);
  }
  hits.sort((a, b) => b.node.mtime.getTime() - a.node.mtime.getTime());
  const base = `/remote.php/dav/files/${encodeSegment(actor.user.username)}`;
  const whereIs = await hrefsIn(services, actor, base);
  const now = services.clock.now();
  const ms = new MultistatusWriter(res);
  let sent = 0;
  for (const hit of hits) {
    if (sent === query.limit) break;
    const at = whereIs(hit);
    if (at === null) continue;
    sent++;
    const { href, mountType } = at;
    const { found, missing } = renderNamed({ entry: { node: hit.node, rights: hit.rights, sha256: null }, href, locks: [], lockHref: () => href, quota: { used: hit.node.size, available: null }, dead: [], now, mountType }, query.names);
    await ms.response(href, [{ status: 200, props: found }, ...(missing.length ? [{ status: 404, props: missing }] : [])]);
  }
  await ms.end();
}

/**
 * Where a hit is in the user's Nextcloud tree: the personal space at the root, a team's space (the user's own or, for
 * a partner, what was shared with it there) under its team folder as PROPFIND names it ("<team> (team)" on a clash).
 * What others share with the user out of other spaces is under "Shared with me". Null for what the tree does not show.
 * With the href, how that place is mounted (oc:permissions' S and M, nc:mount-type), as PROPFIND there says.
 */
async function hrefsIn(services: Services, actor: NativeActor, base: string): Promise<(hit: SearchHit) => { href: string; mountType: MountType } | null> {
  const root = await placeOf(services, actor, { base, user: actor.user.username }, []);
  const teamFolder = new Map(root.kind === "space" ? root.teamFolders.map((f) => [f.team.id, f.name]) : []);
  const personalId = root.kind === "space" ? root.space.id : null;
  // A folder-limited app password's tree starts at its folder.
  const scope = root.kind === "space" ? root.rootSegments : [];
  // Shares from elsewhere: under "Shared with me", by the name their topmost shared node has there.
  const sharedName = new Map(
    root.kind === "space" && root.sharedFolder
      ? (await sharedEntries(services, actor, root.space.id, root.teamFolders.map((f) => f.team))).map((e) => [e.entry.node.id, e.segments[0]!])
      : [],
  );
  return (hit) => {
    const topId = hit.crumbs[0]?.id ?? hit.node.id;
    if (hit.shared && sharedName.has(topId) && !teamFolder.has(hit.space.id)) {
      const below = [...hit.crumbs.slice(1).map((c) => c.name), ...(hit.crumbs.length > 0 ? [hit.node.name] : [])];
      return { href: `${base}/${[SHARED_FOLDER, sharedName.get(topId)!, ...below].map(encodeSegment).join("/")}`, mountType: "shared" };
    }
    const top = hit.space.kind === "team" ? teamFolder.get(hit.space.id) : hit.space.id === personalId && !hit.shared ? "" : undefined;
    if (top === undefined) return null;
    let path = [...hit.crumbs.map((c) => c.name), hit.node.name];
    if (top === "" && scope.length > 0) {
      if (!scope.every((name, i) => path[i] === name)) return null;
      path = path.slice(scope.length);
    }
    const names = [...(top ? [top] : []), ...path];
    return { href: `${base}/${names.map(encodeSegment).join("/")}`, mountType: top ? "group" : "" };
  };
}
