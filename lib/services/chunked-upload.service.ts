import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import { ChunkTooLongError, type ChunkStaging, type StagedChunk } from "@/lib/storage/chunk-staging";
import type { Clock } from "./clock";
import { remainingQuota } from "./quota";
import type { SpaceService } from "./space.service";
import { UPLOAD_TTL_MS, type ExpectedFile, type ResolvedTarget, type UploadService } from "./upload.service";

/** Where a chunked upload goes: a folder and a name in it, as resolved by the adapter for this actor. */
export interface ChunkTarget {
  parentId: number;
  name: string;
  resolved?: ResolvedTarget;
}

/** A checksum the client sent (OC-Checksum "SHA1:…"), as a node:crypto algorithm and lowercase hex. */
export interface ClientChecksum {
  algorithm: string;
  hex: string;
}

/** "<start>-<end>" byte ranges (the Nextcloud docs' and rclone's names); anything else numeric is a chunk number. */
const RANGE_NAME = /^(\d{1,16})-(\d{1,16})$/;
const NUMBER_NAME = /^\d{1,16}$/;

/**
 * Nextcloud chunked upload (v2, and the older unannounced form rclone uses): a per-user upload folder of chunks,
 * assembled into a file by MOVE of its ".file". Backed by the upload service like tus: the quota and policy are
 * checked and the bytes reserved when the folder is created with its Destination and OC-Total-Length (else at
 * assembly), and the assembled staging file is adopted into the blob store without another copy.
 */
export class ChunkedUploadService {
  constructor(
    private readonly uploads: UploadService,
    private readonly spaces: SpaceService,
    private readonly staging: ChunkStaging,
    private readonly clock: Clock,
  ) {}

  /** The session id of a user's upload folder: other users' folders of the same name are other sessions. */
  sessionId(actor: Actor, folder: string): string {
    return `nc-${actor.userId}-${createHash("sha256").update(`${actor.userId}/${folder}`).digest("hex").slice(0, 40)}`;
  }

  /** MKCOL of an upload folder; with a target and a total, the upload is begun (checked and reserved) now. */
  async start(actor: Actor, folder: string, opts: { target?: ChunkTarget; total?: number }): Promise<void> {
    const id = this.sessionId(actor, folder);
    if (await this.staging.session(id)) throw new DomainError("CONFLICT", "This upload folder already exists.");
    if (opts.total !== undefined && (!Number.isSafeInteger(opts.total) || opts.total < 0)) throw new DomainError("INVALID_INPUT", "OC-Total-Length must be a byte count.");
    const reserve = opts.target !== undefined && opts.total !== undefined;
    if (reserve) await this.uploads.begin(actor, id, { parentId: opts.target!.parentId, name: opts.target!.name, size: opts.total!, onConflict: "replace" }, opts.target!.resolved);
    try {
      await this.staging.create(id, { userId: actor.userId, reserved: reserve, total: opts.total ?? null, createdAt: this.clock.now().toISOString() });
    } catch (e) {
      if (reserve) await this.uploads.cancel(id);
      throw e;
    }
  }

  /**
   * One chunk PUT. A chunk that would end past the total is refused before any byte is kept (INVALID_INPUT); without
   * a total the chunks may bring what the quota still allows.
   */
  async putChunk(actor: Actor, folder: string, name: string, body: Readable, declaredLength?: number): Promise<number> {
    const { id, session } = await this.session(actor, folder);
    if (!RANGE_NAME.test(name) && !NUMBER_NAME.test(name)) throw new DomainError("INVALID_INPUT", "Chunk names are numbers (1, 2, …) or byte ranges (<start>-<end>).");
    const others = (await this.staging.chunks(id)).filter((c) => c.name !== name);
    const offset = placement(name, others);
    const staged = others.reduce((sum, c) => sum + c.size, 0);
    let maxBytes: number;
    if (session.total !== null) {
      maxBytes = offset !== null ? session.total - offset : session.total - staged;
    } else {
      const left = remainingQuota(await this.spaces.personalSpace(actor.userId));
      maxBytes = left === null ? Number.MAX_SAFE_INTEGER : left - staged;
    }
    const pastEnd = () => new DomainError("INVALID_INPUT", session.total !== null ? `This chunk goes past the upload's OC-Total-Length of ${session.total} bytes; nothing of it was kept.` : "This chunk goes past the space's quota; nothing of it was kept.");
    if (maxBytes < 0 || (declaredLength !== undefined && declaredLength > maxBytes)) throw pastEnd();
    if (RANGE_NAME.test(name)) {
      const [, start, end] = RANGE_NAME.exec(name)!;
      if (Number(end) < Number(start)) throw new DomainError("INVALID_INPUT", "A chunk's range ends before it starts.");
    }
    await this.uploads.touch(id).catch(() => undefined);
    try {
      return await this.staging.write(id, name, offset, body, maxBytes);
    } catch (e) {
      if (e instanceof ChunkTooLongError) throw pastEnd();
      throw e;
    }
  }

  /** The chunks received so far (a client resuming lists them). */
  async list(actor: Actor, folder: string): Promise<StagedChunk[]> {
    const { id } = await this.session(actor, folder);
    return (await this.staging.chunks(id)).sort((a, b) => chunkOrder(a.name) - chunkOrder(b.name));
  }

  /** Whether the user has this upload folder. */
  async exists(actor: Actor, folder: string): Promise<boolean> {
    const session = await this.staging.session(this.sessionId(actor, folder));
    return session !== null && session.userId === actor.userId;
  }

  /**
   * MOVE of ".file": assembles the chunks and commits the file (or a new version of it). A gap or a short total is
   * refused (INVALID_INPUT) with the upload kept for a retry; a checksum mismatch cancels the upload and commits
   * nothing.
   */
  async finish(
    actor: Actor,
    folder: string,
    input: { target: ChunkTarget; total?: number; mtime?: Date; checksum?: ClientChecksum; ifMatch?: ExpectedFile },
  ): Promise<NodeRecord> {
    const { id, session } = await this.session(actor, folder);
    const total = input.total ?? session.total ?? undefined;
    const size = await this.assemble(id, total);
    const algorithms = ["sha256", "sha1", ...(input.checksum && !["sha256", "sha1"].includes(input.checksum.algorithm) ? [input.checksum.algorithm] : [])];
    const digests = await this.staging.finalize(id, size, algorithms);
    if (input.checksum && digests[input.checksum.algorithm] !== input.checksum.hex) {
      await this.discard(id);
      throw new DomainError("INVALID_INPUT", "The assembled file does not match its OC-Checksum; nothing was saved.", { expected: input.checksum.hex, actual: digests[input.checksum.algorithm] });
    }
    const upload = session.reserved ? await this.uploads.find(id) : null;
    const sameTarget = upload !== null && upload.parentId === input.target.parentId && upload.name === input.target.name && upload.size === size;
    if (!sameTarget) {
      if (upload) await this.uploads.cancel(id);
      await this.uploads.begin(actor, id, { parentId: input.target.parentId, name: input.target.name, size, onConflict: "replace" }, input.target.resolved);
    }
    try {
      return await this.uploads.finishFromLocalFile(id, this.staging.dataPath(id), { actor, sha256: digests.sha256, sha1: digests.sha1, mtime: input.mtime, ifMatch: input.ifMatch });
    } finally {
      await this.staging.remove(id);
    }
  }

  /** DELETE of the upload folder: cancels it and releases its reservation. */
  async cancel(actor: Actor, folder: string): Promise<void> {
    const { id } = await this.session(actor, folder);
    await this.discard(id);
  }

  /** Removes sessions idle past the upload lifetime (those never reserved have no upload row to expire). */
  async expire(now: Date = this.clock.now()): Promise<number> {
    const ids = await this.staging.idleSince(new Date(now.getTime() - UPLOAD_TTL_MS));
    for (const id of ids) await this.discard(id);
    return ids.length;
  }

  private async discard(id: string): Promise<void> {
    await this.uploads.cancel(id);
    await this.staging.remove(id);
  }

  private async session(actor: Actor, folder: string) {
    if (actor.link) throw new DomainError("FORBIDDEN", "Chunked uploads are for signed-in users.");
    const id = this.sessionId(actor, folder);
    const session = await this.staging.session(id);
    if (!session || session.userId !== actor.userId) throw new DomainError("NOT_FOUND", "No such upload; it may have expired or been cancelled.");
    return { id, session };
  }

  /** Places the chunks kept aside and checks they cover 0…total exactly; returns the size. */
  private async assemble(id: string, total: number | undefined): Promise<number> {
    const chunks = (await this.staging.chunks(id)).sort((a, b) => chunkOrder(a.name) - chunkOrder(b.name));
    if (chunks.length === 0 && total !== 0) throw new DomainError("INVALID_INPUT", "No chunks were uploaded.");
    const ranges = chunks.filter((c) => RANGE_NAME.test(c.name));
    if (ranges.length > 0 && ranges.length !== chunks.length) throw new DomainError("INVALID_INPUT", "Chunks are named either by number or by byte range, not both.");
    // The layout is checked whole before any chunk kept aside is placed, so a refused attempt changes nothing.
    const layout: { chunk: StagedChunk; offset: number }[] = [];
    let expected = 0;
    for (const chunk of chunks) {
      if (chunk.offset !== null && chunk.offset !== expected) {
        throw new DomainError("INVALID_INPUT", chunk.offset > expected ? `A chunk is missing before "${chunk.name}" (bytes ${expected}–${chunk.offset - 1}); upload it and try again.` : `Chunk "${chunk.name}" overlaps the one before it.`);
      }
      layout.push({ chunk, offset: expected });
      expected += chunk.size;
    }
    if (total !== undefined && expected !== total) throw new DomainError("INVALID_INPUT", `The chunks hold ${expected} of the ${total} bytes announced by OC-Total-Length; upload the missing chunks and try again.`);
    for (const { chunk, offset } of layout) if (chunk.offset === null) await this.staging.place(id, chunk.name, offset);
    return expected;
  }
}

/** A chunk's sort key: its start byte or its number (numbered chunks are assembled in numeric order). */
function chunkOrder(name: string): number {
  const range = RANGE_NAME.exec(name);
  return Number(range ? range[1] : name);
}

/**
 * Where a chunk goes in the data file, if that is known on arrival: a byte range says so; chunk number n goes right
 * after chunk n-1 when that one is placed, and the first of a fresh upload (0 or 1) at 0. Otherwise null: kept aside.
 */
function placement(name: string, others: StagedChunk[]): number | null {
  const range = RANGE_NAME.exec(name);
  if (range) return Number(range[1]);
  const n = Number(name);
  if (n === 0 || (n === 1 && others.length === 0)) return 0;
  const previous = others.find((c) => !RANGE_NAME.test(c.name) && Number(c.name) === n - 1);
  return previous && previous.offset !== null ? previous.offset + previous.size : null;
}
