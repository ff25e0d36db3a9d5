import "server-only";
import { auditPartnerAction, partnerActionsAudited } from "./partner-audit";
import { utcDay } from "@/lib/domain/day";
import type { Readable, Writable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import { zipSafeName } from "@/lib/domain/names";
import type { Actor, Rights } from "@/lib/domain/permissions";
import type { NodeRecord, PolicyRecord, VersionRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { VersionLocation } from "@/lib/repositories/blob.repository";
import type { ByteRange, PresignGetOptions } from "@/lib/storage/driver";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { AccessService } from "./access.service";
import { systemClock, type Clock } from "./clock";
import type { DailyCounters } from "./daily-counters";

export interface FileContent {
  node: NodeRecord;
  version: VersionRecord;
  size: number;
  /** opens the bytes, or a range of them */
  open(range?: ByteRange): Promise<Readable>;
  /** writes the bytes, or a range of them, into `dest` and ends it (the fastest way to serve them) */
  writeTo(dest: Writable, range?: ByteRange): Promise<void>;
  /**
   * A short-lived URL that serves the bytes straight from storage, when the policy redirects downloads (an S3
   * policy's `redirectDownloads`). Absent where a redirect would break a rule (a link with a download limit).
   */
  presign?: (opts: Omit<PresignGetOptions, "expiresInSeconds" | "fileName">) => Promise<string>;
}

/** A file this request resolved for the actor, with its rights (and maybe its version and blob location). */
type ResolvedFile = { node: NodeRecord; rights: Rights; content?: VersionLocation | null };

/** How long a redirected download's URL stays valid. */
export const PRESIGNED_DOWNLOAD_SECONDS = 300;

export interface ZipEntry {
  /** path inside the archive, folders end with "/" */
  path: string;
  node: NodeRecord;
  open?: () => Promise<Readable>;
}

/** Read access to file content: single files (any version) and folder trees for zips. */
export class DownloadService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly storage: StorageRegistry,
    private readonly counters: DailyCounters,
    private readonly clock: Clock = systemClock,
  ) {}

  /** `opened`: the user opened the file in the drive (its Recent page lists it; one upsert). */
  async openFile(actor: Actor, nodeId: number, versionId?: number, opts: { opened?: boolean } = {}): Promise<FileContent> {
    const { node } = await this.access.requireRawBytes(actor, nodeId);
    if (node.isFolder) throw new DomainError("CONFLICT", "A folder has no content; download it as a zip.");
    const found = await this.uow.repos.blobs.findVersionWithLocation(versionId ?? node.currentVersionId ?? -1);
    if (!found || found.version.nodeId !== node.id) throw new DomainError("NOT_FOUND", "No such version.");
    await auditPartnerAction(this.uow.repos, actor, "file.download", [node.id]);
    if (opts.opened && !actor.link) await this.uow.repos.recentOpens.touch(actor.userId, node.id, this.clock.now());
    return this.counted(this.contentOf(node, found));
  }

  /**
   * openFile for a file this request already resolved for this actor with its rights (FileService.resolvePath, as
   * WebDAV does), so a GET does not load the node and its role again: the same rule, on the entry it was given.
   */
  async openResolved(actor: Actor, entry: ResolvedFile): Promise<FileContent> {
    const now = this.openResolvedNow(actor, entry);
    if (now) return now;
    const node = this.access.requireResolvedBytes(actor, entry);
    if (node.isFolder) throw new DomainError("CONFLICT", "A folder has no content; download it as a zip.");
    // The entry may carry its version and blob location, read with the node (resolvePath's `content`).
    const found = entry.content !== undefined ? entry.content : await this.uow.repos.blobs.findVersionWithLocation(node.currentVersionId ?? -1);
    const content = this.served(node, found);
    await auditPartnerAction(this.uow.repos, actor, "file.download", [node.id]);
    return content;
  }

  /**
   * openResolved answered at once when nothing is left to read or write: the entry carries its version and blob
   * location, and the actor's downloads are not audited (partners' are). Undefined otherwise.
   */
  openResolvedNow(actor: Actor, entry: ResolvedFile): FileContent | undefined {
    if (entry.content === undefined || partnerActionsAudited(actor)) return undefined;
    const node = this.access.requireResolvedBytes(actor, entry);
    if (node.isFolder) throw new DomainError("CONFLICT", "A folder has no content; download it as a zip.");
    return this.served(node, entry.content);
  }

  /** The counted content of the node's current version (NOT_FOUND when `found` is not that version). */
  private served(node: NodeRecord, found: VersionLocation | null): FileContent {
    if (!found || found.version.nodeId !== node.id || found.version.id !== node.currentVersionId) throw new DomainError("NOT_FOUND", "No such version.");
    return this.counted(this.contentOf(node, found));
  }

  /**
   * A file's current content for a server-side preview or the share viewer's capped stream: readable is enough,
   * even for a preview-only link. Callers must never hand these bytes out whole (see VisitorService).
   */
  async openForPreview(actor: Actor, nodeId: number): Promise<FileContent> {
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    if (node.isFolder) throw new DomainError("CONFLICT", "A folder has no content.");
    const found = await this.uow.repos.blobs.findVersionWithLocation(node.currentVersionId ?? -1);
    if (!found) throw new DomainError("NOT_FOUND", "No such version.");
    return this.contentOf(node, found);
  }

  /**
   * Counts served bytes in the day's download figures when they flow (not for HEAD or 304): a read from the start
   * counts as one download, every read adds its bytes.
   */
  private counted(content: FileContent): FileContent {
    const count = (range?: ByteRange) =>
      this.counters.add(utcDay(this.clock.now()), { downloads: !range || range.start === 0 ? 1 : 0, downloadBytes: range ? range.end - range.start + 1 : content.size });
    const presign = content.presign;
    return {
      ...content,
      open: (range) => (count(range), content.open(range)),
      writeTo: (dest, range) => (count(range), content.writeTo(dest, range)),
      presign: presign && ((opts) => (count(), presign(opts))),
    };
  }

  private contentOf(node: NodeRecord, { version, key, policy }: { version: VersionRecord; key: string; policy: PolicyRecord }): FileContent {
    const driver = this.storage.driverFor(policy);
    return {
      node,
      version,
      size: version.size,
      open: (range) => driver.get(key, range),
      // The size is known: naming the whole range spares the driver a stat.
      writeTo: (dest, range) => driver.writeTo(key, dest, range ?? (version.size > 0 ? { start: 0, end: version.size - 1 } : undefined)),
      presign:
        policy.config.redirectDownloads === true && driver.capabilities.presignedGet
          ? (opts) => driver.presignGet(key, { ...opts, expiresInSeconds: PRESIGNED_DOWNLOAD_SECONDS })
          : undefined,
    };
  }

  /** The entries of a zip of the given nodes (folders recursively), named relative to their parents. */
  async zipEntries(actor: Actor, nodeIds: number[]): Promise<{ name: string; entries: ZipEntry[] }> {
    if (nodeIds.length === 0) throw new DomainError("INVALID_INPUT", "Choose at least one item.");
    const repos = this.uow.repos;
    const entries: ZipEntry[] = [];
    const roots: NodeRecord[] = [];
    for (const id of [...new Set(nodeIds)]) roots.push((await this.access.requireRawBytes(actor, id)).node);
    await auditPartnerAction(repos, actor, "file.download-zip", roots.map((r) => r.id));
    const usedTop = new Set<string>();
    const versionIds: number[] = [];
    const trees: NodeRecord[][] = [];
    for (const root of roots) {
      const tree = await repos.nodes.subtree(root.path, { liveOnly: true });
      trees.push(tree);
      for (const n of tree) if (n.currentVersionId !== null) versionIds.push(n.currentVersionId);
    }
    const versions = new Map((await repos.blobs.versionsByIds(versionIds)).map((v) => [v.id, v]));
    // Rights are inherited below a readable root, except for partners, who see only what they created.
    const perNode = actor.role === "partner";
    for (const [i, root] of roots.entries()) {
      const pathOf = new Map<number, string>();
      const base = zipSafeName(root.name || "files");
      let top = base;
      for (let n = 2; usedTop.has(top); n++) top = `${base} (${n})`;
      usedTop.add(top);
      for (const node of trees[i]!) {
        if (perNode && node.id !== root.id && !(await this.access.rightsOn(actor, node)).read) continue;
        const parentPath = node.id === root.id ? "" : pathOf.get(node.parentId!);
        if (parentPath === undefined) continue;
        const path = `${parentPath}${node.id === root.id ? top : node.name}${node.isFolder ? "/" : ""}`;
        pathOf.set(node.id, path);
        const version = node.currentVersionId !== null ? versions.get(node.currentVersionId) : undefined;
        if (node.isFolder) entries.push({ path, node });
        else if (version) entries.push({ path, node, open: () => this.openVersion(version.id) });
      }
    }
    const name = roots.length === 1 ? `${roots[0]!.name || "files"}.zip` : "download.zip";
    // A zip counts as one download of all its files' bytes.
    const bytes = entries.reduce((sum, e) => sum + (e.open ? e.node.size : 0), 0);
    this.counters.add(utcDay(this.clock.now()), { downloads: 1, downloadBytes: bytes });
    return { name, entries };
  }

  /** A zip entry's bytes, located when the archive reaches it (one query). */
  private async openVersion(versionId: number): Promise<Readable> {
    const found = await this.uow.repos.blobs.findVersionWithLocation(versionId);
    if (!found) throw new DomainError("STORAGE_ERROR", "The file's content is missing.");
    return this.storage.driverFor(found.policy).get(found.key);
  }
}
