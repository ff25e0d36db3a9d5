import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import { ocFileId } from "@/lib/domain/file-id";
import type { NodeRecord } from "@/lib/domain/types";
import type { NativeActor } from "@/lib/services/app-password.service";
import { DavError } from "./errors";
import { parseDepth, parseDestination } from "./headers";
import { sendXml, statusLine } from "./multistatus";
import { placeOf } from "./places";
import { encodeSegment } from "./resource";
import { esc } from "./xml";

/** `/remote.php/dav/trashbin/<user>/(trash|restore)/<item>`, still encoded. */
export interface TrashbinLocation {
  user: string;
  area: "trash" | "restore" | null;
  item: string | null;
  base: string;
}

const TRASHBIN = /^\/remote\.php\/dav\/trashbin\/([^/]+)(?:\/(trash|restore))?(?:\/([^/]+))?\/?$/;

export function matchTrashbin(rawPath: string): TrashbinLocation | null {
  const m = TRASHBIN.exec(rawPath);
  if (!m) return null;
  try {
    return { user: decodeURIComponent(m[1]!), area: (m[2] as "trash" | "restore" | undefined) ?? null, item: m[3] ? decodeURIComponent(m[3]) : null, base: `/remote.php/dav/trashbin/${m[1]}` };
  } catch {
    throw new DomainError("INVALID_INPUT", "The URL is not valid percent-encoding.");
  }
}

/** A trash entry's name in the collection: Nextcloud's "<name>.d<deletion seconds>", with the node id to find it again. */
const itemName = (node: NodeRecord) => `${node.name}.d${Math.floor((node.trashedAt ?? new Date(0)).getTime() / 1000)}-${node.id}`;
const itemId = (item: string) => {
  const m = /-(\d+)$/.exec(item);
  if (!m) throw new DomainError("NOT_FOUND", "No such item in the trash.");
  return Number(m[1]);
};

/**
 * The Nextcloud trashbin over WebDAV (the apps' "Deleted files"): PROPFIND of `trash/` lists what the user deleted
 * with nc:trashbin-filename, -original-location and -deletion-time; MOVE of an item into `restore/` restores it;
 * DELETE of an item purges it, of `trash/` purges all it lists (see emptyTrashbin). Every rule is TrashService's.
 */
export async function serveTrashbin(req: IncomingMessage, res: ServerResponse, at: TrashbinLocation, actor: NativeActor, services: Services): Promise<void> {
  if (at.user !== actor.user.username) throw new DomainError("FORBIDDEN", "This is another user's trash.");
  if (at.area === "restore" && req.method === "PROPFIND") return sendXml(res, 207, multistatus([response(`${at.base}/restore/`, "<d:resourcetype><d:collection/></d:resourcetype>")]));
  if (at.area !== "trash") throw new DavError(405, "Use the trash/ collection.", undefined, { Allow: "PROPFIND" });
  switch (req.method) {
    case "PROPFIND": {
      if (at.item) throw new DavError(405, "List the trash/ collection.", undefined, { Allow: "MOVE, DELETE" });
      const parts = [response(`${at.base}/trash/`, "<d:resourcetype><d:collection/></d:resourcetype>")];
      if (parseDepth(req.headers.depth as string | undefined, "1") !== "0") {
        for (const { node, originalPath } of await trashOf(services, actor)) parts.push(response(`${at.base}/trash/${encodeSegment(itemName(node))}${node.isFolder ? "/" : ""}`, props(node, originalPath)));
      }
      return sendXml(res, 207, multistatus(parts));
    }
    case "MOVE": {
      if (!at.item) throw new DavError(405, "Move an item of the trash into restore/.", undefined, { Allow: "PROPFIND, DELETE" });
      const dest = parseDestination(req.headers.destination as string | undefined, req.headers.host);
      const target = "rawPath" in dest ? matchTrashbin(dest.rawPath) : null;
      if (!target || target.user !== actor.user.username || target.area !== "restore") throw new DavError(502, "Restore by moving the item into your trashbin's restore/ collection.");
      await services.trash.restore(actor, [itemId(at.item)]);
      res.writeHead(201, { "Content-Length": "0" });
      return void res.end();
    }
    case "DELETE": {
      if (at.item) {
        await services.trash.purge(actor, [itemId(at.item)]);
        res.writeHead(204);
        return void res.end();
      }
      return emptyTrashbin(res, at, actor, services);
    }
    default:
      throw new DavError(405, `${req.method} is not supported in the trashbin.`, undefined, { Allow: "PROPFIND, MOVE, DELETE" });
  }
}

/**
 * DELETE of trash/ (the apps' "Empty deleted files"), as Nextcloud's TrashRoot::delete removes every item its listing
 * holds, group folders' included: purges everything the collection lists (the personal trash, and each team's
 * entries this member may purge, which are the ones it lists), so what the user saw is gone. What others may purge
 * and this user may not (a viewer's team, another partner's uploads) is neither listed nor touched. An item that
 * could not be purged after all (restored meanwhile, rights changed) stays: then 207 names each (RFC 4918 §9.6.1:
 * a collection DELETE reports the members it could not delete), else 204.
 */
async function emptyTrashbin(res: ServerResponse, at: TrashbinLocation, actor: NativeActor, services: Services): Promise<void> {
  const listed = await trashOf(services, actor);
  const left = new Set(await services.trash.purgeWhereAllowed(actor, listed.map((e) => e.node.id)));
  if (left.size === 0) {
    res.writeHead(204);
    return void res.end();
  }
  const refused = listed
    .filter((e) => left.has(e.node.id))
    .map(({ node }) => `<d:response><d:href>${esc(`${at.base}/trash/${encodeSegment(itemName(node))}${node.isFolder ? "/" : ""}`)}</d:href><d:status>${statusLine(403)}</d:status><d:responsedescription>Not purged: it is no longer in the trash, or you may not purge it.</d:responsedescription></d:response>`);
  sendXml(res, 207, multistatus(refused));
}

/**
 * What the user sees in the trashbin, as Nextcloud shows group folders' trash beside the user's own: the personal
 * trash, then each team's (the entries TrashService lets this member see), its original location under the team's
 * folder. Restoring and purging go by node id through TrashService, which checks the team role again.
 */
async function trashOf(services: Services, actor: NativeActor): Promise<{ node: NodeRecord; originalPath: string }[]> {
  const entries: { node: NodeRecord; originalPath: string }[] = await services.trash.listTrash(actor);
  const root = await placeOf(services, actor, { base: "/remote.php/dav/files", user: actor.user.username }, []);
  for (const { name, team } of root.kind === "space" ? root.teamFolders : []) {
    const teamTrash = await services.trash.listTrash(actor, team.id).catch((e: unknown) => {
      if (isDomainError(e) && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND")) return [];
      throw e;
    });
    for (const e of teamTrash) entries.push({ node: e.node, originalPath: `/${name}/${e.originalPath.replace(/^\/+/, "")}` });
  }
  return entries;
}

/** `originalPath` is the folder it was deleted from; Nextcloud's original location names the item itself. */
function props(node: NodeRecord, originalPath: string): string {
  const seconds = Math.floor((node.trashedAt ?? new Date(0)).getTime() / 1000);
  return (
    `<d:resourcetype>${node.isFolder ? "<d:collection/>" : ""}</d:resourcetype>` +
    `<d:getlastmodified>${new Date(Math.floor(node.mtime.getTime() / 1000) * 1000).toUTCString()}</d:getlastmodified>` +
    `<d:getetag>"${esc(node.etag)}"</d:getetag>` +
    (node.isFolder ? "" : `<d:getcontentlength>${node.size}</d:getcontentlength><d:getcontenttype>${esc(node.mimeType ?? "application/octet-stream")}</d:getcontenttype>`) +
    `<oc:size>${node.size}</oc:size><oc:fileid>${node.id}</oc:fileid><oc:id>${ocFileId(node.id)}</oc:id>` +
    `<nc:trashbin-filename>${esc(node.name)}</nc:trashbin-filename>` +
    `<nc:trashbin-original-location>${esc([...originalPath.split("/").filter(Boolean), node.name].join("/"))}</nc:trashbin-original-location>` +
    `<nc:trashbin-deletion-time>${seconds}</nc:trashbin-deletion-time>`
  );
}

const response = (href: string, inner: string) => `<d:response><d:href>${esc(href)}</d:href><d:propstat><d:prop>${inner}</d:prop><d:status>${statusLine(200)}</d:status></d:propstat></d:response>`;
const multistatus = (parts: string[]) => `<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">${parts.join("")}</d:multistatus>`;
