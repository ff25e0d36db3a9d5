import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { NativeActor } from "@/lib/services/app-password.service";
import { sendContent } from "@/server/http/send-content";
import { DavError } from "./errors";
import { parseDepth, parseDestination } from "./headers";
import { sendXml, statusLine } from "./multistatus";
import { esc } from "./xml";

/** `/remote.php/dav/versions/<user>/versions/<fileid>/<version>` or `/remote.php/dav/versions/<user>/restore/…`. */
export interface VersionsLocation {
  user: string;
  area: "versions" | "restore" | null;
  fileId: number | null;
  version: number | null;
  base: string;
}

const VERSIONS = /^\/remote\.php\/dav\/versions\/([^/]+)(?:\/(versions|restore)(?:\/(\d{1,12}))?(?:\/(\d{1,12}))?)?\/?$|^\/remote\.php\/dav\/versions\/([^/]+)\/restore\/[^/]+$/;

export function matchVersions(rawPath: string): VersionsLocation | null {
  const m = VERSIONS.exec(rawPath);
  if (!m) return null;
  const user = m[1] ?? m[5]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    throw new DomainError("INVALID_INPUT", "The URL is not valid percent-encoding.");
  }
  const area = m[5] ? "restore" : ((m[2] as "versions" | "restore" | undefined) ?? null);
  return { user: decoded, area, fileId: m[3] ? Number(m[3]) : null, version: m[4] ? Number(m[4]) : null, base: `/remote.php/dav/versions/${user}` };
}

/**
 * A file's versions over WebDAV, as the Nextcloud apps read them: PROPFIND of `versions/<fileid>/` lists them (named by
 * version id, with size, date and ETag), GET of one streams it, MOVE of one to `restore/<anything>` makes it current.
 * Every rule is VersionService's and DownloadService's (the caller must be able to read the file, write to restore).
 */
export async function serveVersions(req: IncomingMessage, res: ServerResponse, at: VersionsLocation, actor: NativeActor, services: Services): Promise<void> {
  if (at.user !== actor.user.username) throw new DomainError("FORBIDDEN", "These are another user's versions.");
  if (at.area !== "versions" || at.fileId === null) throw new DavError(405, "Use versions/<fileid>/.", undefined, { Allow: "PROPFIND" });
  const fileId = at.fileId;
  switch (req.method) {
    case "PROPFIND": {
      const { versions } = await services.versions.versions(actor, fileId);
      const folder = `${at.base}/versions/${fileId}/`;
      const parts = [response(folder, "<d:resourcetype><d:collection/></d:resourcetype>")];
      if (at.version === null && parseDepth(req.headers.depth as string | undefined, "1") !== "0") {
        for (const v of versions) {
          parts.push(
            response(
              `${folder}${v.id}`,
              `<d:resourcetype/><d:getcontentlength>${v.size}</d:getcontentlength><d:getlastmodified>${new Date(Math.floor(v.createdAt.getTime() / 1000) * 1000).toUTCString()}</d:getlastmodified>` +
                `<d:getetag>"v${v.id}"</d:getetag><d:getcontenttype>application/octet-stream</d:getcontenttype>${v.authorName ? `<nc:version-author>${esc(v.authorName)}</nc:version-author>` : ""}`,
            ),
          );
        }
      }
      return sendXml(res, 207, `<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">${parts.join("")}</d:multistatus>`);
    }
    case "GET":
    case "HEAD": {
      if (at.version === null) throw new DavError(405, "GET one version: versions/<fileid>/<version>.", undefined, { Allow: "PROPFIND" });
      const content = await services.downloads.openFile(actor, fileId, at.version);
      return sendContent(req, res, content, { attachment: false, etag: `v${at.version}` });
    }
    case "MOVE": {
      if (at.version === null) throw new DavError(405, "Restore one version by moving it to restore/.", undefined, { Allow: "PROPFIND" });
      const dest = parseDestination(req.headers.destination as string | undefined, req.headers.host);
      const target = "rawPath" in dest ? matchVersions(dest.rawPath) : null;
      if (!target || target.user !== actor.user.username || target.area !== "restore") throw new DavError(502, "Restore by moving the version to your versions' restore/ collection.");
      await services.versions.restoreVersion(actor, fileId, at.version);
      res.writeHead(204);
      return void res.end();
    }
    default:
      throw new DavError(405, `${req.method} is not supported for versions.`, undefined, { Allow: "PROPFIND, GET, MOVE" });
  }
}

const response = (href: string, inner: string) => `<d:response><d:href>${esc(href)}</d:href><d:propstat><d:prop>${inner}</d:prop><d:status>${statusLine(200)}</d:status></d:propstat></d:response>`;
