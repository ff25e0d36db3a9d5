import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import contentDisposition from "content-disposition";
import yazl from "yazl";
import { actorFromHeaders, assertPasswordSettled } from "@/lib/auth/session";
import { DomainError } from "@/lib/domain/errors";
import type { Services } from "@/lib/container";
import type { ZipEntry } from "@/lib/services/download.service";
import { sendError } from "./respond";
import { sendContent } from "./send-content";

const CONTENT_PATH = /^\/api\/files\/(\d+)\/content$/;

/** Routes the browser's byte paths: /api/files/:id/content and /api/zip. Returns false for other paths. */
export async function handleDownload(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<boolean> {
  const match = CONTENT_PATH.exec(url.pathname);
  if (!match && url.pathname !== "/api/zip") return false;
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return true;
    }
    const actor = await actorFromHeaders(req.headers);
    if (!actor) throw new DomainError("UNAUTHENTICATED", "Sign in first.");
    assertPasswordSettled(actor);
    if (match) {
      const versionParam = url.searchParams.get("version");
      // A ranged request past the start is a viewer seeking in a file it already opened.
      const opened = !versionParam && !/^bytes=(?!0-)/.test(req.headers.range ?? "");
      const content = await services.downloads.openFile(actor, Number(match[1]), versionParam ? Number(versionParam) : undefined, { opened });
      const etag = versionParam ? `v${content.version.id}-${content.version.sha256.slice(0, 16)}` : content.node.etag;
      // Only explicit downloads (navigations) may go to storage: the page's CSP keeps inline media on this origin.
      const download = url.searchParams.get("download") === "1";
      await sendContent(req, res, content, { attachment: download, etag, redirect: download });
    } else {
      await sendZip(req, res, url, services, actor);
    }
  } catch (e) {
    sendError(res, e);
  }
  return true;
}

/** The ids of a zip request's `ids=1,2,3` (empty when absent). */
export function zipIds(url: URL): number[] {
  const ids = (url.searchParams.get("ids") ?? "").split(",").filter(Boolean).map(Number);
  if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw new DomainError("INVALID_INPUT", "ids must be a comma-separated list of node ids.");
  return ids;
}

async function sendZip(req: IncomingMessage, res: ServerResponse, url: URL, services: Services, actor: Parameters<Services["downloads"]["zipEntries"]>[0]) {
  await streamZip(req, res, await services.downloads.zipEntries(actor, zipIds(url)));
}

/** Streams a zip of the given entries: they are opened one at a time, nothing is buffered whole. */
export async function streamZip(req: IncomingMessage, res: ServerResponse, { name, entries }: { name: string; entries: ZipEntry[] }) {
  const zip = new yazl.ZipFile();
  zip.on("error", (e: Error) => (zip.outputStream as unknown as NodeJS.ReadableStream & { destroy(e: Error): void }).destroy(e));
  for (const entry of entries) {
    const options = { mtime: entry.node.mtime, compress: false };
    if (!entry.open) zip.addEmptyDirectory(entry.path, { mtime: entry.node.mtime });
    else {
      const open = entry.open;
      zip.addReadStreamLazy(entry.path, options, (cb) => {
        open().then((s) => cb(null, s), (e: Error) => cb(e, undefined as never));
      });
    }
  }
  zip.end();
  res.writeHead(200, {
    "Content-Type": "application/zip",
    "Content-Disposition": contentDisposition(name),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  await pipeline(zip.outputStream as unknown as NodeJS.ReadableStream, res);
}
