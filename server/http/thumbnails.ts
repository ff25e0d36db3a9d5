import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { actorFromHeaders, assertPasswordSettled } from "@/lib/auth/session";
import { DomainError } from "@/lib/domain/errors";
import { parseThumbnailSize } from "@/lib/domain/thumbnails";
import type { Services } from "@/lib/container";
import { visitorOf } from "@/lib/http/visitor";
import type { ThumbnailContent } from "@/lib/services/thumbnail.service";
import { sendError } from "./respond";
import { USER_CONTENT_CSP } from "./send-content";

const NODE_PATH = /^\/api\/nodes\/(\d+)\/thumbnail$/;
const SHARE_PATH = /^\/api\/public\/shares\/([^/]+)\/thumbnail\/(\d+)$/;

/**
 * Thumbnails: GET|HEAD /api/nodes/:id/thumbnail?size=256|1024[&v=<etag>] for signed-in readers and
 * /api/public/shares/:token/thumbnail/:id?size=… for link visitors. ETag per blob and size (304 on If-None-Match);
 * with `v` (the file's ETag, which changes with its content) the answer may be kept for a year, else it is
 * revalidated. 404 with Retry-After while the thumbnail is being rendered. Returns false for other paths.
 */
export async function handleThumbnail(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<boolean> {
  const own = NODE_PATH.exec(url.pathname);
  const shared = own ? null : SHARE_PATH.exec(url.pathname);
  if (!own && !shared) return false;
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return true;
    }
    const size = parseThumbnailSize(url.searchParams.get("size"));
    if (size === null) throw new DomainError("INVALID_INPUT", "size must be 256 or 1024.");
    let thumbnail: ThumbnailContent;
    if (own) {
      const actor = await actorFromHeaders(req.headers);
      if (!actor) throw new DomainError("UNAUTHENTICATED", "Sign in first.");
      assertPasswordSettled(actor);
      thumbnail = await services.thumbnails.thumbnailFor(actor, Number(own[1]), size);
    } else {
      thumbnail = await services.visitors.thumbnail(visitorOf(shared![1]!, req.headers), Number(shared![2]), size);
    }
    await sendThumbnail(req, res, thumbnail, url.searchParams.get("v") === thumbnail.node.etag);
  } catch (e) {
    sendError(res, e);
  }
  return true;
}

async function sendThumbnail(req: IncomingMessage, res: ServerResponse, thumbnail: ThumbnailContent, versioned: boolean): Promise<void> {
  const etag = `"${thumbnail.etag}"`;
  const headers = {
    ETag: etag,
    "Cache-Control": versioned ? "private, max-age=31536000, immutable" : "private, no-cache",
    "Content-Type": thumbnail.mimeType,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": USER_CONTENT_CSP,
  };
  const match = req.headers["if-none-match"];
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  if (req.method === "HEAD") {
    res.writeHead(200, { ...headers, "Content-Length": thumbnail.bytes }).end();
    return;
  }
  const body = await thumbnail.open();
  res.writeHead(200, { ...headers, "Content-Length": thumbnail.bytes });
  await pipeline(body, res);
}
