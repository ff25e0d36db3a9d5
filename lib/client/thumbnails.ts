import { hasThumbnail, type ThumbnailSize } from "@/lib/domain/thumbnails";

/**
 * A drive file's thumbnail URL, or null when its type has none. `v` is the file's ETag: it changes with the content,
 * so the server lets the browser keep the answer for a year.
 */
export function thumbnailUrl(node: { id: number; isFolder: boolean; mimeType: string | null; etag: string }, size: ThumbnailSize): string | null {
  return hasThumbnail(node) ? `/api/nodes/${node.id}/thumbnail?size=${size}&v=${encodeURIComponent(node.etag)}` : null;
}

/** The same thumbnail at another size (share pages get one URL per entry). */
export function atSize(url: string, size: ThumbnailSize): string {
  const parsed = new URL(url, "http://x");
  parsed.searchParams.set("size", String(size));
  return parsed.pathname + parsed.search;
}
