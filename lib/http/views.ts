import type { NodeView } from "@/lib/client/api-types";
import type { NodeEntry } from "@/lib/services/file.service";

/** JSON shape of a node for the browser API (docs/api.md NodeView); the browser reads it as the same type. */
export function nodeView({ node, rights, sha256 }: NodeEntry) {
  return {
    id: node.id,
    spaceId: node.spaceId,
    parentId: node.parentId,
    name: node.name,
    isFolder: node.isFolder,
    size: node.size,
    mimeType: node.mimeType,
    etag: node.etag,
    mtime: node.mtime.toISOString(),
    createdAt: node.createdAt.toISOString(),
    creatorId: node.creatorId,
    sha256,
    permissions: rights,
  } satisfies NodeView;
}
