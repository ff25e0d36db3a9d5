import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import contentDisposition from "content-disposition";
import { DomainError } from "@/lib/domain/errors";
import type { Services } from "@/lib/container";
import { visitorOf } from "@/lib/http/visitor";
import { streamZip, zipIds } from "./downloads";
import { sendError } from "./respond";
import { notModified, sendContent, USER_CONTENT_CSP } from "./send-content";

const FILE_PATH = /^\/api\/public\/shares\/([^/]+)\/(download|preview|stream)\/([^/]+)$/;
const ZIP_PATH = /^\/api\/public\/shares\/([^/]+)\/zip$/;
/** Each answer of a preview-only viewer stream carries at most this much. */
export const PREVIEW_STREAM_CAP = 1024 * 1024;

/**
 * The public link byte routes: download (counts), zip (counts once), preview (server-rendered image) and
 * stream (the viewer, under its short-lived token). Every rule is the visitor service's; this maps it to bytes.
 * Returns false for other paths.
 */
export async function handleShareDownload(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<boolean> {
  const file = FILE_PATH.exec(url.pathname);
  const zip = file ? null : ZIP_PATH.exec(url.pathname);
  if (!file && !zip) return false;
  try {
    const kind = file ? file[2]! : "zip";
    // Downloads count, so only GET; HEAD is for the viewer's media probing.
    const allowed = kind === "stream" || kind === "preview" ? ["GET", "HEAD"] : ["GET"];
    if (!allowed.includes(req.method ?? "")) {
      res.writeHead(405, { Allow: allowed.join(", ") }).end();
      return true;
    }
    const visitor = visitorOf((file ?? zip)![1]!, req.headers);
    if (zip) {
      await streamZip(req, res, await services.visitors.zip(visitor, zipIds(url)));
      return true;
    }
    const nodeId = /^\d+$/.test(file![3]!) ? Number(file![3]) : NaN;
    if (!Number.isSafeInteger(nodeId)) throw new DomainError("NOT_FOUND", "No such file or folder.");
    if (kind === "download") {
      const content = await services.visitors.download(visitor, nodeId);
      await sendContent(req, res, content, { attachment: true, etag: content.node.etag, redirect: true });
    } else if (kind === "preview") {
      await sendPreview(req, res, services, visitor, nodeId, Number(url.searchParams.get("w") ?? undefined));
    } else {
      const navigation = !req.headers.range && req.headers["sec-fetch-dest"] === "document";
      const { content, capped, charge } = await services.visitors.viewerSource(visitor, nodeId, url.searchParams.get("vt") ?? "", { navigation });
      await sendContent(req, res, content, { attachment: false, etag: content.node.etag, capBytes: capped ? PREVIEW_STREAM_CAP : undefined, beforeBody: charge });
    }
  } catch (e) {
    sendError(res, e);
  }
  return true;
}

async function sendPreview(req: IncomingMessage, res: ServerResponse, services: Services, visitor: ReturnType<typeof visitorOf>, nodeId: number, w: number) {
  const { node, size, mimeType, render } = await services.visitors.preview(visitor, nodeId, Number.isFinite(w) ? w : undefined);
  const etag = `"${node.etag}-p${size}"`;
  const headers = {
    "Content-Type": mimeType,
    "Cache-Control": "private, max-age=300",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": USER_CONTENT_CSP,
    "Content-Disposition": contentDisposition(`${node.name}.webp`, { type: "inline" }),
    ETag: etag,
  };
  if (notModified(req, etag, node.updatedAt)) {
    res.writeHead(304, headers).end();
    return;
  }
  if (req.method === "HEAD") {
    res.writeHead(200, headers).end();
    return;
  }
  // The first chunk decides the status: a broken image is a clean error, not a half-sent 200.
  const iterator = (await render())[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer>;
  try {
    first = (await iterator.next()) as IteratorResult<Buffer>;
  } catch {
    throw new DomainError("INVALID_INPUT", "This image cannot be previewed.");
  }
  res.writeHead(200, headers);
  if (!first.done) res.write(first.value);
  await pipeline(async function* () {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }, res);
}
