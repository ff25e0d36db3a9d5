import "server-only";
import { newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { VersionRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { LockService } from "./lock.service";
import { lockedNode, propagateChange, type NodeEntry } from "./tree";
import { chargeQuota } from "./quota";
import { NODE_ACTIVITY, recordNodeActivity } from "./node-activity";

/** A file's content versions: listing them and making an old one current again. */
export class VersionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly locks: LockService,
  ) {}

  /** A file's versions, newest first, with their authors' display names. */
  async versions(actor: Actor, nodeId: number): Promise<{ versions: (VersionRecord & { authorName: string | null })[]; currentId: number | null }> {
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    if (node.isFolder) throw new DomainError("CONFLICT", "Folders have no versions.");
    const versions = await this.uow.repos.blobs.versionsOf(node.id);
    const authorIds = versions.map((v) => v.authorId).filter((a): a is number => a !== null);
    const names = new Map((await this.uow.repos.users.findByIds(authorIds)).map((u) => [u.id, u.displayName]));
    return { versions: versions.map((v) => ({ ...v, authorName: v.authorId !== null ? (names.get(v.authorId) ?? null) : null })), currentId: node.currentVersionId };
  }

  /** Makes an old version current again by adding it as the newest version (history is kept). */
  async restoreVersion(actor: Actor, nodeId: number, versionId: number): Promise<NodeEntry> {
    return this.uow.transaction(async (repos) => {
      const { node, rights } = await lockedNode(this.access, actor, nodeId, "write", repos);
      await this.locks.assertNodesWritable(actor, [{ node }], repos);
      const old = await repos.blobs.findVersion(versionId);
      if (!old || old.nodeId !== node.id) throw new DomainError("NOT_FOUND", "No such version.");
      if (old.id === node.currentVersionId) return { node, rights, sha256: old.sha256 };
      await chargeQuota(repos, node.spaceId, old.size);
      const now = this.clock.now();
      const version = await repos.blobs.createVersion({ nodeId: node.id, blobId: old.blobId, size: old.size, sha256: old.sha256, authorId: actor.userId, mtime: now });
      await repos.blobs.addRef(old.blobId, 1);
      const updated = await repos.nodes.update(node.id, { currentVersionId: version.id, size: old.size, etag: newEtag(), mtime: now });
      await propagateChange(repos, updated.path, old.size - node.size, now);
      await recordNodeActivity(repos, actor, NODE_ACTIVITY.versionRestored, [updated], now, { versionId: old.id });
      return { node: updated, rights, sha256: old.sha256 };
    });
  }
}
