import { ocFileId } from "@/lib/domain/file-id";
import type { NodeRecord } from "@/lib/domain/types";

/**
 * The headers Nextcloud clients read after every write (PUT, MKCOL, MOVE, COPY, a chunked upload's MOVE): the new
 * ETag twice (OC-ETag survives proxies that rewrite ETag) and the file id, so they need no PROPFIND to learn them;
 * X-OC-MTime: accepted when the client's X-OC-Mtime was applied.
 */
export function writeHeaders(node: NodeRecord, opts: { mtimeAccepted?: boolean } = {}): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: `"${node.etag}"`,
    "OC-ETag": `"${node.etag}"`,
    "OC-FileId": ocFileId(node.id),
    "Content-Length": "0",
  };
  if (opts.mtimeAccepted) headers["X-OC-MTime"] = "accepted";
  return headers;
}
