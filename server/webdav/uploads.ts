import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import type { NativeActor } from "@/lib/services/app-password.service";
import type { ChunkTarget, ClientChecksum } from "@/lib/services/chunked-upload.service";
import type { ExpectedFile } from "@/lib/services/upload.service";
import { resolve } from "./context";
import { DavError } from "./errors";
import { etagMatches, parseDepth, parseDestination, parseIf } from "./headers";
import { bodyOf, clientMtime, closeAfterRefusal } from "./methods/put";
import { sendXml, statusLine } from "./multistatus";
import { placeOf } from "./places";
import { encodeSegment, matchMount, parseSegments } from "./resource";
import { writeHeaders } from "./write-headers";
import { esc } from "./xml";

/** `/remote.php/dav/uploads/<user>/<folder>/<chunk>`: the parts of the path, still encoded. */
export interface UploadsLocation {
  user: string;
  folder: string | null;
  chunk: string | null;
  base: string;
}

const UPLOADS = /^\/remote\.php\/dav\/uploads\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/;

/** Matches a Nextcloud chunked-upload path; null for any other path. */
export function matchUploads(rawPath: string): UploadsLocation | null {
  const m = UPLOADS.exec(rawPath);
  if (!m) return null;
  const decode = (s: string | undefined) => {
    if (s === undefined) return null;
    try {
      return decodeURIComponent(s);
    } catch {
      throw new DomainError("INVALID_INPUT", "The URL is not valid percent-encoding.");
    }
  };
  return { user: decode(m[1])!, folder: decode(m[2]), chunk: decode(m[3]), base: `/remote.php/dav/uploads/${m[1]}` };
}

const ALLOW = "OPTIONS, MKCOL, PUT, PROPFIND, MOVE, DELETE";

/**
 * Chunked uploads (Nextcloud's v2 protocol and the older form rclone speaks): MKCOL of an upload folder (with
 * Destination and OC-Total-Length the bytes are reserved at once), PUT of numbered or byte-range chunks, PROPFIND to
 * list them when resuming, MOVE of ".file" to assemble and commit, DELETE to cancel. Every rule is ChunkedUploadService's.
 */
export async function serveUploads(req: IncomingMessage, res: ServerResponse, at: UploadsLocation, actor: NativeActor, services: Services): Promise<void> {
  if (at.user !== actor.user.username) throw new DomainError("FORBIDDEN", "These are another user's uploads.");
  const chunked = services.chunkedUploads;
  const { folder, chunk } = at;
  switch (req.method) {
    case "MKCOL": {
      if (!folder || chunk) throw new DavError(405, "Create an upload folder directly under your uploads.", undefined, { Allow: ALLOW });
      const total = byteCount(req, "oc-total-length");
      const target = req.headers.destination ? await targetOf(req, actor, services) : undefined;
      await chunked.start(actor, folder, { target: target?.target, total });
      res.writeHead(201, { "Content-Length": "0" });
      return void res.end();
    }
    case "PUT": {
      if (!folder || !chunk) throw new DavError(405, "Chunks go inside an upload folder.", undefined, { Allow: ALLOW });
      const body = bodyOf(req, res);
      const size = await chunked.putChunk(actor, folder, chunk, body, byteCount(req, "content-length")).catch((e: unknown) => {
        body.destroy();
        if (!req.complete) closeAfterRefusal(req, res);
        throw e;
      });
      res.writeHead(201, { "Content-Length": "0", "OC-Chunk-Size": String(size) });
      return void res.end();
    }
    case "PROPFIND":
      return propfindUploads(req, res, at, actor, services);
    case "MOVE": {
      if (!folder || chunk !== ".file") throw new DavError(405, 'Assemble an upload by moving its ".file".', undefined, { Allow: ALLOW });
      const { target, existing } = await targetOf(req, actor, services);
      const mtime = clientMtime(req);
      const node = await chunked.finish(actor, folder, {
        target,
        total: byteCount(req, "oc-total-length"),
        mtime,
        checksum: checksumOf(req),
        ifMatch: expectedFile(req, existing),
      });
      res.writeHead(existing ? 204 : 201, writeHeaders(node, { mtimeAccepted: mtime !== undefined }));
      return void res.end();
    }
    case "DELETE": {
      if (!folder || chunk) throw new DavError(405, "Cancel an upload by deleting its folder.", undefined, { Allow: ALLOW });
      await chunked.cancel(actor, folder);
      res.writeHead(204);
      return void res.end();
    }
    default:
      throw new DavError(405, `${req.method} is not supported for uploads (chunks cannot be downloaded).`, undefined, { Allow: ALLOW });
  }
}

/** The upload home lists nothing; an upload folder lists its chunks (name and size), as clients read them to resume. */
async function propfindUploads(req: IncomingMessage, res: ServerResponse, at: UploadsLocation, actor: NativeActor, services: Services): Promise<void> {
  const depth = parseDepth(req.headers.depth as string | undefined, "1");
  const folderProps = "<d:resourcetype><d:collection/></d:resourcetype>";
  const response = (href: string, props: string) => `<d:response><d:href>${esc(href)}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>${statusLine(200)}</d:status></d:propstat></d:response>`;
  const parts: string[] = [];
  if (!at.folder) {
    parts.push(response(`${at.base}/`, folderProps));
  } else {
    if (at.chunk) throw new DavError(405, "Chunks cannot be listed one by one; list their folder.", undefined, { Allow: ALLOW });
    const chunks = await services.chunkedUploads.list(actor, at.folder);
    const folderHref = `${at.base}/${encodeSegment(at.folder)}/`;
    parts.push(response(folderHref, folderProps));
    if (depth !== "0") {
      for (const c of chunks) parts.push(response(`${folderHref}${encodeSegment(c.name)}`, `<d:resourcetype/><d:getcontentlength>${c.size}</d:getcontentlength>`));
    }
  }
  sendXml(res, 207, `<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">${parts.join("")}</d:multistatus>`);
}

/** The Destination of an upload: a file path in one of the user's WebDAV mounts, resolved for this actor. */
async function targetOf(req: IncomingMessage, actor: NativeActor, services: Services): Promise<{ target: ChunkTarget; existing: ExpectedFile | null }> {
  const parsed = parseDestination(req.headers.destination as string | undefined, req.headers.host);
  if ("otherHost" in parsed) throw new DavError(502, "The destination is on another server.");
  const location = matchMount(parsed.rawPath);
  if (!location || location.mount.unsupported) throw new DavError(502, "The destination must be a file under /remote.php/dav/files/<user>/.");
  if (location.mount.user !== null && location.mount.user !== actor.user.username) throw new DavError(502, "The destination is another user's space.");
  const place = await placeOf(services, actor, location.mount, parseSegments(location.rest));
  if (place.kind !== "space" || place.segments.length === 0) throw new DomainError("FORBIDDEN", "The destination must be a file in a folder you can write to.");
  if (place.file) {
    // A file listed on its own ("Shared with me", a partner's team entry): its folder is not visible here, so only a
    // new version of it, if AccessService.requireContentTarget lets this actor write the file. Its listed name may
    // be "name (2)": the upload goes under its real name.
    const { node } = await services.files.get(actor, place.file.node.id);
    return { target: { parentId: node.parentId!, name: node.name }, existing: { nodeId: node.id, etag: node.etag } };
  }
  const dest = await resolve({ services, actor, rootId: place.rootId, rootSegments: place.rootSegments }, place.segments);
  if (!dest.parent) throw new DomainError("CONFLICT", "The destination's parent folder does not exist.");
  if (dest.node?.node.isFolder) throw new DomainError("CONFLICT", "The destination is a folder.");
  return {
    target: { parentId: dest.parent.node.id, name: dest.segments.at(-1)!, resolved: { parent: dest.parent, existing: dest.node?.node ?? null, space: place.space } },
    existing: dest.node ? { nodeId: dest.node.node.id, etag: dest.node.node.etag } : null,
  };
}

/**
 * The file the client expects to replace: an ETag from If-Match or from the If header the desktop client sends
 * (`<destination> (["etag"])`). Null when it names none; PRECONDITION_FAILED when it names one and nothing is there.
 */
function expectedFile(req: IncomingMessage, existing: ExpectedFile | null): ExpectedFile | undefined {
  const etags: string[] = [];
  const ifMatch = req.headers["if-match"];
  if (typeof ifMatch === "string" && ifMatch.trim() !== "*") etags.push(...ifMatch.split(",").map((t) => t.trim()));
  if (typeof req.headers.if === "string") {
    for (const list of parseIf(req.headers.if)) for (const c of list.conditions) if ("etag" in c && !c.not) etags.push(c.etag);
  }
  if (etags.length === 0) return undefined;
  if (!existing) throw new DomainError("PRECONDITION_FAILED", "The file to replace no longer exists.");
  const current = `"${existing.etag}"`;
  if (!etags.some((t) => etagMatches(t, current))) throw new DomainError("PRECONDITION_FAILED", "The file was changed on the server since the client last saw it.");
  return existing;
}

/** OC-Checksum "SHA1:<hex>" (also MD5, SHA256, SHA3-256); other types (Adler-32) are not checked. */
function checksumOf(req: IncomingMessage): ClientChecksum | undefined {
  const value = req.headers["oc-checksum"];
  if (typeof value !== "string") return undefined;
  const m = /^\s*(SHA1|MD5|SHA256|SHA3-256):([0-9a-fA-F]+)\s*$/i.exec(value);
  if (!m) return undefined;
  const algorithm = { sha1: "sha1", md5: "md5", sha256: "sha256", "sha3-256": "sha3-256" }[m[1]!.toLowerCase()]!;
  return { algorithm, hex: m[2]!.toLowerCase() };
}

function byteCount(req: IncomingMessage, header: string): number | undefined {
  const value = req.headers[header];
  if (typeof value !== "string") return undefined;
  if (!/^\d{1,16}$/.test(value.trim())) throw new DomainError("INVALID_INPUT", `${header} must be a byte count.`);
  return Number(value);
}
