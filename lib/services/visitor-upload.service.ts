import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { UnitOfWork } from "@/lib/repositories";
import type { FileService } from "./file.service";
import type { UploadService } from "./upload.service";
import type { OpenedLink, PublicNode, VisitorGate, VisitorRequest } from "./visitor-gate";

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
  ) {}

  /** Begins a visitor upload (file drop or read-write link): into the share only, conflicts keep both. */
  async begin(req: VisitorRequest, uploadId: string, input: { parentId?: number; name: string; size: number; mtime?: Date }): Promise<void> {
    const opened = await this.gate.takingUploads(await this.gate.openLink(req));
    if (opened.link.uploadSizeLimit !== null && input.size > opened.link.uploadSizeLimit) {
      throw new DomainError("TOO_LARGE", `Files may be at most ${opened.link.uploadSizeLimit} bytes here.`, { maxFileSize: opened.link.uploadSizeLimit });
    }
    await this.uploads.begin(opened.actor, uploadId, { parentId: input.parentId ?? opened.root.id, name: input.name, size: input.size, onConflict: "rename", mtime: input.mtime });
    await this.gate.record("share.upload_started", opened.link, { uploadId, size: input.size }, req.ip);
  }

  /** Whether later requests of a visitor upload may continue: its link is still live, unlocked and taking uploads. */
  async assertContinuing(linkId: number, cookies: Record<string, string>): Promise<void> {
    const link = await this.uow.repos.shares.findLinkById(linkId);
    if (!link) throw new DomainError("NOT_FOUND", "No such upload.");
    await this.gate.takingUploads(this.gate.unlocked(await this.gate.checkLive(link), cookies));
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
    await this.files.trash(opened.actor, [nodeId]);
  }

  private async requireEditLink(req: VisitorRequest): Promise<OpenedLink> {
    const opened = await this.gate.openLink(req);
    if (opened.link.mode !== "edit") throw new DomainError("FORBIDDEN", "This link is not read-write.");
    return opened;
  }
}
