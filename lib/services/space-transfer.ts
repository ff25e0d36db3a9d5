import "server-only";
import { newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import type { NodeRecord } from "@/lib/domain/types";
import type { Repositories } from "@/lib/repositories";
import { chargeQuota } from "./quota";
import { freeName, propagateChange } from "./tree";

/**
 * Moves everything in space `fromSpaceId` (live and trashed) into a new folder `folderName` (numbered on a clash) at
 * the top of space `toSpaceId`, inside the caller's transaction: the deleted-account and deleted-team transfers.
 * The bytes are charged to the receiving space under the quota rule (QUOTA_EXCEEDED, nothing moved, when they do not
 * fit). Returns the new folder, or null when the source space has no root (nothing to move).
 */
export async function moveSpaceContent(
  repos: Repositories,
  input: { fromSpaceId: number; toSpaceId: number; folderName: string; creatorId: number | null; now: Date },
): Promise<NodeRecord | null> {
  for (const id of [input.fromSpaceId, input.toSpaceId].sort((a, b) => a - b)) await repos.spaces.lock(id);
  const from = await repos.spaces.findById(input.fromSpaceId);
  const to = await repos.spaces.findById(input.toSpaceId);
  if (!to?.rootNodeId) throw new DomainError("NOT_FOUND", "The receiving space does not exist.");
  if (!from?.rootNodeId) return null;
  await chargeQuota(repos, to.id, from.usedBytes);
  const sourceRoot = (await repos.nodes.findById(from.rootNodeId))!;
  const targetRoot = (await repos.nodes.findById(to.rootNodeId))!;
  const folder = await repos.nodes.create({
    spaceId: to.id,
    parentId: targetRoot.id,
    parentPath: targetRoot.path,
    name: await freeName(repos, targetRoot.id, input.folderName, "rename"),
    isFolder: true,
    size: sourceRoot.size,
    mimeType: null,
    etag: newEtag(),
    mtime: input.now,
    creatorId: input.creatorId,
  });
  await repos.admin.moveContent(sourceRoot, folder);
  await propagateChange(repos, folder.path, sourceRoot.size, input.now);
  await repos.spaces.addUsed(from.id, -from.usedBytes);
  return folder;
}
