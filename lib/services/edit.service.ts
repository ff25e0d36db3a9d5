import "server-only";
import { Readable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import { assertValidName } from "@/lib/domain/names";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { FileService } from "./file.service";
import type { UploadService } from "./upload.service";
import { freeName, type NodeEntry } from "./tree";

/** What a save brings: a stream, with its byte count, modification time and SHA-256 when the client said them. */
export interface SaveBody {
  body: Readable;
  declaredSize?: number;
  mtime?: Date;
  expectedSha256?: string;
}

/**
 * Writing a file's content from an editor (the browser's text editor, an office server through WOPI): new files and
 * saves that become new versions. Everything goes through the upload service, so rights, WebDAV locks, names, the
 * policy's limits and the quota are the ones every other write applies.
 */
export class EditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly files: FileService,
    private readonly uploads: UploadService,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a file holding `content` in a folder. CONFLICT when the name is taken, unless `rename`, which picks the
   * next free "name (n).ext" (a "save as copy").
   */
  async createFile(actor: Actor, parentId: number, name: string, content: Buffer, opts: { rename?: boolean } = {}): Promise<NodeEntry> {
    assertValidName(name);
    const { node: parent } = await this.access.requireFolder(actor, parentId, "write");
    if (!opts.rename) await freeName(this.uow.repos, parent.id, name, "fail");
    const node = await this.uploads.putStream(actor, { parentId: parent.id, name, body: Readable.from([content]), declaredSize: content.length, onConflict: "rename" });
    return this.files.get(actor, node.id);
  }

  /**
   * Replaces a file's content with a new version. With `ifMatch` (the ETag the editor loaded) only while the file
   * still has it: PRECONDITION_FAILED (details.etag: the current one) when someone saved in between. While an office
   * editor holds the file's WOPI lock only that editor saves (`wopiLock`); others get LOCKED.
   */
  async saveContent(actor: Actor, nodeId: number, { body, declaredSize, mtime, expectedSha256 }: SaveBody, ifMatch?: string, opts: { wopiLock?: string } = {}): Promise<NodeEntry> {
    const { node } = await this.access.requireNode(actor, nodeId, "write");
    if (node.isFolder || node.parentId === null) refuse(body, new DomainError("CONFLICT", "Only a file's content can be saved."));
    if (ifMatch !== undefined && ifMatch !== node.etag) {
      refuse(body, new DomainError("PRECONDITION_FAILED", "The file was changed by someone else since it was opened.", { etag: node.etag }));
    }
    const lock = await this.uow.repos.wopiLocks.findLive(node.id, this.clock.now());
    if (lock && lock.lockId !== opts.wopiLock) refuse(body, new DomainError("LOCKED", "The file is open in an office editor; save it there or wait until it is closed."));
    const saved = await this.uploads.putStream(actor, {
      parentId: node.parentId,
      name: node.name,
      body,
      declaredSize,
      mtime,
      expectedSha256,
      onConflict: "replace",
      ifMatch: { nodeId: node.id, etag: ifMatch },
    });
    return this.files.get(actor, saved.id);
  }
}

/** Refuses a save: its body is not read (the caller closes the connection), the error goes to the adapter. */
function refuse(body: Readable, error: DomainError): never {
  body.destroy();
  throw error;
}
