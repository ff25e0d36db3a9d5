import "server-only";
import { notifyVersionCommitted, type VersionCommittedListener } from "./version-events";
import { newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { VersionRecord } from "@/lib/domain/types";
import { prunableVersions } from "@/lib/domain/version-retention";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import type { LockService } from "./lock.service";
import type { SettingsService } from "./settings.service";
import { lockedNode, propagateChange, yieldToEventLoop, type NodeEntry } from "./tree";
import { chargeQuota } from "./quota";
import { NODE_ACTIVITY, recordNodeActivity } from "./node-activity";

/** Files per retention transaction. */
const RETENTION_BATCH = 200;

/** A file's content versions: listing them, making an old one current again, deleting old ones (by hand and by retention). */
export class VersionService {
  /** Told of every restored version; see version-events.ts. */
  readonly versionCommitted: VersionCommittedListener[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly locks: LockService,
    private readonly settings: SettingsService,
    private readonly jobs: JobQueue,
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
    const entry = await this.uow.transaction(async (repos): Promise<NodeEntry> => {
      const { node, rights } = await lockedNode(this.access, actor, nodeId, "write", repos);
      await this.locks.assertNodesWritable(actor, [{ node }], repos);
      const old = await repos.blobs.findVersion(versionId);
      if (!old || old.nodeId !== node.id) throw new DomainError("NOT_FOUND", "No such version.");
      if (old.id === node.currentVersionId) return { node, rights, sha256: old.sha256 };
      await chargeQuota(repos, node.spaceId, old.size);
      const now = this.clock.now();
      const version = await repos.blobs.createVersion({ nodeId: node.id, blobId: old.blobId, size: old.size, sha256: old.sha256, authorId: actor.userId, mtime: now, createdAt: now });
      await repos.blobs.addRef(old.blobId, 1);
      const updated = await repos.nodes.update(node.id, { currentVersionId: version.id, size: old.size, etag: newEtag(), mtime: now });
      await propagateChange(repos, updated.path, old.size - node.size, now);
      await recordNodeActivity(repos, actor, NODE_ACTIVITY.versionRestored, [updated], now, { versionId: old.id });
      return { node: updated, rights, sha256: old.sha256 };
    });
    await notifyVersionCommitted(this.versionCommitted, entry.node);
    return entry;
  }

  /**
   * Deletes one old version of a file (needs the delete right on the file). The current version cannot be deleted.
   * The version's bytes leave the space's quota at once; its blob is released for the blobs.collect job.
   */
  async deleteVersion(actor: Actor, nodeId: number, versionId: number): Promise<void> {
    await this.uow.transaction(async (repos) => {
      const { node } = await lockedNode(this.access, actor, nodeId, "delete", repos);
      await this.locks.assertNodesWritable(actor, [{ node }], repos);
      const version = await repos.blobs.findVersion(versionId);
      if (!version || version.nodeId !== node.id) throw new DomainError("NOT_FOUND", "No such version.");
      if (version.id === node.currentVersionId) throw new DomainError("CONFLICT", "The current version cannot be deleted.");
      await dropVersions(repos, node.spaceId, [version]);
    });
    await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
  }

  /**
   * The versions.retention job: applies the site's version retention to every file, RETENTION_BATCH files per
   * transaction (each batch locks only its spaces, briefly). Returns how many versions went.
   */
  async applyRetention(): Promise<number> {
    const rule = await this.settings.versionRetention();
    if (rule.maxVersions === null && rule.maxAgeDays === null) return 0;
    // A file with no more versions than it must keep has nothing to prune: skip it in the query.
    const floor = Math.max(rule.keepNewest, 1);
    let removed = 0;
    for (let after = 0; ; ) {
      const nodeIds = await this.uow.repos.blobs.nodesWithMoreVersionsThan(floor, after, RETENTION_BATCH);
      if (nodeIds.length === 0) break;
      after = nodeIds[nodeIds.length - 1]!;
      removed += await this.uow.transaction(async (repos) => {
        const nodes = await repos.nodes.findManyByIds(nodeIds);
        for (const spaceId of [...new Set(nodes.map((n) => n.spaceId))].sort((a, b) => a - b)) await repos.spaces.lock(spaceId);
        const byNode = new Map<number, VersionRecord[]>();
        for (const v of await repos.blobs.versionsOfNodes(nodeIds)) byNode.set(v.nodeId, [...(byNode.get(v.nodeId) ?? []), v]);
        const now = this.clock.now();
        let count = 0;
        for (const node of nodes) {
          const doomed = prunableVersions(byNode.get(node.id) ?? [], node.currentVersionId, rule, now);
          await dropVersions(repos, node.spaceId, doomed);
          count += doomed.length;
        }
        return count;
      });
      await yieldToEventLoop();
    }
    if (removed > 0) await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
    return removed;
  }
}

/** Deletes non-current versions of one space's files: the rows go, their blobs are released, their bytes leave the quota. */
async function dropVersions(repos: Repositories, spaceId: number, versions: VersionRecord[]): Promise<void> {
  if (versions.length === 0) return;
  await repos.blobs.deleteVersions(versions.map((v) => v.id));
  await repos.blobs.releaseRefs(versions.map((v) => v.blobId));
  await repos.spaces.addUsed(spaceId, -versions.reduce((sum, v) => sum + v.size, 0));
}
