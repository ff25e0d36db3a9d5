import type { IncomingMessage, ServerResponse } from "node:http";
import contentDisposition from "content-disposition";
import parseRange from "range-parser";
import { evaluatePreconditions } from "@/lib/domain/preconditions";
import { servedType } from "@/lib/domain/served-type";
import type { FileContent } from "@/lib/services/download.service";

/** Locks down anything served inline: no script, no plugins, no navigation of the parent. */
export const USER_CONTENT_CSP = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'";

/**
 * Streams file content with HTTP caching and ranges: ETag / If-None-Match, Last-Modified / If-Modified-Since,
 * Range with If-Range (one range; several are answered with the whole file), HEAD, and an RFC 6266
 * Content-Disposition (inline only for what `servedType` allows). Shared by the browser download path, share
 * links and WebDAV GET. With `redirect`, a GET of content whose policy redirects downloads is answered with a
 * 302 to a short-lived presigned URL instead (WebDAV never asks: many of its clients do not follow redirects).
 */
export async function sendContent(
  req: IncomingMessage,
  res: ServerResponse,
  content: FileContent,
  opts: {
    attachment: boolean;
    etag: string;
    /** answer only partial content of at most this many bytes (preview-only viewer) */
    capBytes?: number;
    /** called with the body's byte count before anything is sent (GET with a body only); may throw to refuse */
    beforeBody?: (bytes: number) => Promise<void>;
    /**
     * a GET may be answered with a redirect to the storage's own URL when the content offers one (FileContent.presign);
     * only for clients that follow redirects, never for capped streams
     */
    redirect?: boolean;
  },
): Promise<void> {
  const { node, size } = content;
  const etag = `"${opts.etag}"`;
  const lastModified = new Date(Math.floor(node.mtime.getTime() / 1000) * 1000);
  const served = servedType(node.mimeType);
  res.setHeader("ETag", etag);
  res.setHeader("Last-Modified", lastModified.toUTCString());
  res.setHeader("Accept-Ranges", "bytes");
  // Capped answers are never stored: a browser cache joins stored parts and would hand out the whole file (even
  // to a page navigation, which a capped stream refuses).
  res.setHeader("Cache-Control", opts.capBytes === undefined ? "private, no-cache" : "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Security-Policy", USER_CONTENT_CSP);
  res.setHeader("Content-Type", served.contentType);
  const disposition = dispositionOf(node.name, opts.attachment || !served.inline);
  res.setHeader("Content-Disposition", disposition);

  if (notModified(req, etag, lastModified)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (opts.redirect && content.presign && req.method === "GET" && opts.capBytes === undefined && !opts.beforeBody) {
    // The storage answers with the same type and disposition (so active types still arrive as attachments).
    const location = await content.presign({ contentDisposition: storageDisposition(node.name, opts.attachment || !served.inline), contentType: served.contentType });
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(302, { Location: location, "Cache-Control": "no-store" }).end();
    return;
  }
  let range = chooseRange(req, size, etag, lastModified);
  if (opts.capBytes !== undefined && range !== "unsatisfiable" && size > 0) {
    const start = range?.start ?? 0;
    range = { start, end: Math.min(range?.end ?? size - 1, start + opts.capBytes - 1) };
  }
  if (range === "unsatisfiable") {
    res.writeHead(416, { "Content-Range": `bytes */${size}` });
    res.end();
    return;
  }
  const bodyBytes = range ? range.end - range.start + 1 : size;
  if (opts.beforeBody && req.method !== "HEAD" && bodyBytes > 0) {
    try {
      await opts.beforeBody(bodyBytes);
    } catch (e) {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      throw e;
    }
  }
  if (range) {
    res.statusCode = 206;
    res.setHeader("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
    res.setHeader("Content-Length", range.end - range.start + 1);
  } else {
    res.statusCode = 200;
    res.setHeader("Content-Length", size);
  }
  if (req.method === "HEAD" || size === 0) {
    res.end();
    return;
  }
  await content.writeTo(res, range ?? undefined);
}

/** Bounds the remembered Content-Disposition values (all are dropped at once past it). */
const MAX_DISPOSITIONS = 1_000;
const dispositions = new Map<string, string>();

/**
 * RFC 6266 Content-Disposition of a served file, remembered per name and type: a sync client fetches the same files
 * again and again, and building the header (its quoting and percent-encoding) costs more than the lookup.
 */
function dispositionOf(name: string, attachment: boolean): string {
  const key = `${attachment ? "a" : "i"}${name}`;
  let value = dispositions.get(key);
  if (value === undefined) {
    value = contentDisposition(name, { type: attachment ? "attachment" : "inline" });
    if (dispositions.size >= MAX_DISPOSITIONS) dispositions.clear();
    dispositions.set(key, value);
  }
  return value;
}

/**
 * The Content-Disposition a presigned URL asks the storage to answer with: RFC 6266 with an ASCII-only fallback
 * name (S3 servers carry the value through a query string; radosgw mangles one with Latin-1 bytes in it).
 */
export function storageDisposition(name: string, attachment: boolean): string {
  return contentDisposition(name, { type: attachment ? "attachment" : "inline", fallback: name.replace(/[^\x20-\x7e]/g, "?") });
}

/** Conditional GET/HEAD: If-None-Match (a list, weak or strong, or "*"), else If-Modified-Since. */
export function notModified(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const { "if-none-match": ifNoneMatch, "if-modified-since": ifModifiedSince } = req.headers;
  const outcome = evaluatePreconditions(req.method ?? "GET", { ifNoneMatch: ifNoneMatch || undefined, ifModifiedSince: ifModifiedSince || undefined }, { etag, lastModified });
  return !outcome.ok && outcome.status === 304;
}

function chooseRange(req: IncomingMessage, size: number, etag: string, lastModified: Date): { start: number; end: number } | "unsatisfiable" | null {
  const header = req.headers.range;
  if (!header) return null;
  const ifRange = req.headers["if-range"] as string | undefined;
  if (ifRange) {
    const matches = ifRange.startsWith('"') || ifRange.startsWith("W/") ? ifRange === etag : Date.parse(ifRange) >= lastModified.getTime();
    if (!matches) return null;
  }
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) return "unsatisfiable";
  if (ranges === -2 || ranges.type !== "bytes" || ranges.length !== 1) return null;
  return { start: ranges[0]!.start, end: ranges[0]!.end };
}
