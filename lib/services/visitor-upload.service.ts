import "server-only";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import { numberedName, pathSegments } from "@/lib/domain/names";
import { modeLists } from "@/lib/domain/share";
import type { UploadRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";
import type { FileService } from "./file.service";
import type { ThrottleService } from "./throttle.service";
import type { TrashService } from "./trash.service";
import { UPLOAD_TTL_MS, type UploadService } from "./upload.service";
import type { OpenedLink, PublicNode, VisitorGate, VisitorRequest } from "./visitor-gate";

const MINUTE = 60 * 1000;
/**
 * Bytes the unfinished visitor uploads of one link may hold reserved together (a single upload may be larger:
 * the first one in progress always may start; the owner's quota and the link's size limit still apply).
 */
export const VISITOR_RESERVED_PER_LINK = 10 * 1024 ** 3;
/** A visitor upload that has received no byte is released this soon (a PATCH without bytes does not extend it). */
export const VISITOR_FIRST_BYTE_MS = 15 * MINUTE;
/** Visitor upload creations allowed per client IP and window, across all links. */
export const VISITOR_UPLOADS_PER_IP = { max: 300, windowMs: 60 * MINUTE } as const;

/**
 * What public-link visitors may write: uploads through file-drop and read-write links (into the share only,
 * conflicts keep both), and on read-write links new folders, renames and deletes inside the shared folder.
 */
export class VisitorUploadService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly gate: VisitorGate,
    private readonly files: FileService,
    private readonly uploads: UploadService,
    private readonly clock: Clock,
    private readonly throttle: ThrottleService,
    private readonly trash: TrashService,
  ) {}

  /**
   * Begins a visitor upload (file drop or read-write link): into the share only, conflicts keep both. On a file drop
   * the visitor cannot read, so nothing answered tells it what the folder holds: uploads go to the shared folder
   * itself, a path's folder that names an existing file is numbered like any taken name, and no quota figure is named.
   */
  async begin(req: VisitorRequest, uploadId: string, input: { parentId?: number; name: string; size: number; mtime?: Date }): Promise<void> {
    const opened = await this.gate.takingUploads(await this.gate.openLink(req));
    if (opened.link.uploadSizeLimit !== null && input.size > opened.link.uploadSizeLimit) {
      throw new DomainError("TOO_LARGE", `Files may be at most ${opened.link.uploadSizeLimit} bytes here.`, { maxFileSize: opened.link.uploadSizeLimit });
    }
    await this.countCreation(req);
    const blind = !modeLists(opened.link.mode);
    if (blind && input.parentId !== undefined && input.parentId !== opened.root.id) throw new DomainError("NOT_FOUND", "No such folder.");
    const name = blind ? await this.blindPath(opened.root.id, input.name) : input.name;
    await this.uploads
      .begin(opened.actor, uploadId, {
        parentId: input.parentId ?? opened.root.id,
        name,
        size: input.size,
        onConflict: "rename",
        mtime: input.mtime,
        reserve: (repos, spaceId) => this.reserve(repos, spaceId, opened.link.id, input.size),
        ttlMs: VISITOR_FIRST_BYTE_MS,
      })
      .catch(hideQuota);
    await this.gate.record("share.upload_started", opened.link, { uploadId, size: input.size }, req.ip);
  }

  /** Completes a visitor's upload whose bytes sit in a local file (see UploadService.finishFromLocalFile). */
  async finishFromLocalFile(uploadId: string, filePath: string, digests?: { sha256: string; sha1?: string }): Promise<void> {
    await this.uploads.finishFromLocalFile(uploadId, filePath, { sha256: digests?.sha256, sha1: digests?.sha1 }).catch(hideQuota);
  }

  /** Completes a visitor's upload staged in its store (see UploadService.finishInStore). */
  async finishInStore(uploadId: string, digests?: { sha256: string; sha1?: string }): Promise<void> {
    await this.uploads.finishInStore(uploadId, { sha256: digests?.sha256, sha1: digests?.sha1 }).catch(hideQuota);
  }

  /** Whether later requests of a visitor upload may continue: not expired, its link still live, unlocked and taking uploads. */
  async assertContinuing(upload: Pick<UploadRecord, "shareLinkId" | "expiresAt">, cookies: Record<string, string>): Promise<void> {
    const link = upload.shareLinkId !== null ? await this.uow.repos.shares.findLinkById(upload.shareLinkId) : null;
    if (!link || upload.expiresAt.getTime() <= this.clock.now().getTime()) throw new DomainError("NOT_FOUND", "No such upload; it may have expired.");
    await this.gate.takingUploads(this.gate.unlocked(await this.gate.checkLive(link), cookies));
  }

  /** Bytes of a visitor upload arrived: it lives on as long as any upload does (only progress extends it). */
  async progressed(uploadId: string): Promise<void> {
    await this.uow.repos.visitorUploads.extend(uploadId, new Date(this.clock.now().getTime() + UPLOAD_TTL_MS), MINUTE);
  }

  async createFolder(req: VisitorRequest, parentId: number | undefined, name: string): Promise<PublicNode> {
    const opened = await this.requireEditLink(req);
    const entry = await this.files.createFolder(opened.actor, parentId ?? opened.root.id, name);
    return this.gate.publicNode(opened, entry.node);
  }

  async rename(req: VisitorRequest, nodeId: number, name: string): Promise<PublicNode> {
    const opened = await this.requireEditLink(req);
    if (nodeId === opened.root.id) throw new DomainError("FORBIDDEN", "The shared folder itself cannot be renamed.");
    const entry = await this.files.rename(opened.actor, nodeId, name);
    return this.gate.publicNode(opened, entry.node);
  }

  /** Moves an item inside a read-write share to the owner's trash. */
  async remove(req: VisitorRequest, nodeId: number): Promise<void> {
    const opened = await this.requireEditLink(req);
    if (nodeId === opened.root.id) throw new DomainError("FORBIDDEN", "The shared folder itself cannot be deleted.");
    await this.trash.trash(opened.actor, [nodeId]);
  }

  /**
   * A visitor upload's reservation: against the owner's quota after the owner's own reservations and the other
   * unfinished visitor uploads, and within the link's share of VISITOR_RESERVED_PER_LINK. Nothing is added to the
   * space's reservedBytes, so visitor uploads never block the owner's writes (if the owner fills the space meanwhile,
   * the visitor's upload is refused when it finishes).
   */
  private async reserve(repos: Repositories, spaceId: number, linkId: number, size: number): Promise<void> {
    await repos.shares.lockLink(linkId);
    const pending = await repos.visitorUploads.pending(spaceId, linkId, this.clock.now());
    if (pending.link > 0 && pending.link + size > VISITOR_RESERVED_PER_LINK) {
      throw new DomainError("THROTTLED", "Too many uploads are in progress through this link; try again when they have finished.", { retryAfter: 60 });
    }
    const space = await repos.spaces.findById(spaceId);
    if (space && space.quota !== null && space.usedBytes + space.reservedBytes + pending.space + size > space.quota) {
      throw new DomainError("QUOTA_EXCEEDED", "There is not enough space here for this upload.");
    }
  }

  private async countCreation(req: VisitorRequest): Promise<void> {
    if (!req.ip) return;
    const { max, windowMs } = VISITOR_UPLOADS_PER_IP;
    const { allowed, retryAfter } = await this.throttle.countRequest(`visitor-upload:${req.ip}`, max, windowMs);
    if (!allowed) throw new DomainError("THROTTLED", "Too many uploads from your address; try again later.", { retryAfter });
  }

  /** `name` ("a/b/c.txt") with each folder that names an existing file numbered as a taken name would be ("a (1)"). */
  private async blindPath(rootId: number, name: string): Promise<string> {
    const segments = pathSegments(name);
    const file = segments.pop() ?? "";
    const folders: string[] = [];
    let parentId: number | null = rootId;
    for (const segment of segments) {
      let candidate = segment;
      if (parentId !== null) {
        const files = new Set<string>();
        let existing = await this.uow.repos.nodes.findLiveChild(parentId, candidate);
        while (existing && !existing.isFolder) {
          files.add(candidate);
          candidate = numberedName(segment, (c) => files.has(c));
          existing = await this.uow.repos.nodes.findLiveChild(parentId, candidate);
        }
        parentId = existing?.id ?? null;
      }
      folders.push(candidate);
    }
    return [...folders, file].join("/");
  }

  private async requireEditLink(req: VisitorRequest): Promise<OpenedLink> {
    const opened = await this.gate.openLink(req);
    if (opened.link.mode !== "edit") throw new DomainError("FORBIDDEN", "This link is not read-write.");
    return opened;
  }
}

/** Visitors are told that the space is short, never the owner's quota or usage. */
function hideQuota(e: unknown): never {
  if (isDomainError(e) && e.code === "QUOTA_EXCEEDED") throw new DomainError("QUOTA_EXCEEDED", "There is not enough space here for this upload.");
  throw e;
}
