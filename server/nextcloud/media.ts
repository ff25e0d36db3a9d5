import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { Services } from "@/lib/container";
import type { ThumbnailSize } from "@/lib/domain/thumbnails";
import { USER_CONTENT_CSP } from "@/server/http/send-content";
import type { NextcloudActor } from "./auth";
import { nodeAtPath } from "./paths";

// GET /index.php/avatar/<user>/<size>[/dark] – the account picture, or a generated one (X-NC-IsCustomAvatar: 0)
export async function sendAvatar(req: IncomingMessage, res: ServerResponse, services: Services, actor: NextcloudActor, username: string): Promise<void> {
  const avatar = await services.avatars.forClient(actor, username);
  await sendImage(req, res, { etag: avatar.etag, mime: avatar.mime, open: avatar.body }, { "X-NC-IsCustomAvatar": avatar.custom ? "1" : "0" });
}

/** The thumbnail size serving a requested x × y box (Haven renders 256 and 1024 px). */
export function thumbnailSizeFor(x: number, y: number): ThumbnailSize {
  return Math.max(x || 0, y || 0) <= 256 ? 256 : 1024;
}

/**
 * Previews: `/index.php/core/preview?fileId=…&x=…&y=…`, `/index.php/core/preview.png?file=<path>&x=…&y=…` and
 * `/index.php/apps/files/api/v1/thumbnail/<x>/<y>/<path>`, from the thumbnail service with its access rule; 404 when
 * the file has none. Paths are in the caller's own files (its app password's folder, if limited).
 */
export async function sendPreview(req: IncomingMessage, res: ServerResponse, services: Services, actor: NextcloudActor, target: { fileId: number } | { path: string }, box: { x: number; y: number }): Promise<void> {
  const nodeId = "fileId" in target ? target.fileId : (await nodeAtPath(services, actor, target.path)).id;
  const thumbnail = await services.thumbnails.thumbnailFor(actor, nodeId, thumbnailSizeFor(box.x, box.y));
  await sendImage(req, res, { etag: thumbnail.etag, mime: thumbnail.mimeType, open: () => thumbnail.open() }, {});
}

async function sendImage(req: IncomingMessage, res: ServerResponse, image: { etag: string; mime: string; open: () => Promise<NodeJS.ReadableStream> }, extra: Record<string, string>): Promise<void> {
  const etag = `"${image.etag}"`;
  const headers = { ETag: etag, "Cache-Control": "private, max-age=86400", "Content-Type": image.mime, "X-Content-Type-Options": "nosniff", "Content-Security-Policy": USER_CONTENT_CSP, ...extra };
  const match = req.headers["if-none-match"];
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  if (req.method === "HEAD") {
    res.writeHead(200, headers).end();
    return;
  }
  const body = await image.open();
  res.writeHead(200, headers);
  await pipeline(body, res);
}
