import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { PolicyRecord } from "@/lib/domain/types";
import { toPolicy } from "./mappers";

export interface ThumbnailRecord {
  id: number;
  blobId: number;
  size: number;
  status: "ready" | "failed";
  key: string | null;
  width: number;
  height: number;
  bytes: number;
  mimeType: string;
  error: string | null;
  createdAt: Date;
}

/** A blob to render: where its bytes are, and the type of a file that uses it. */
export interface ThumbnailSourceRow {
  blobId: number;
  key: string;
  size: number;
  policy: PolicyRecord;
  mimeType: string | null;
}

type Row = Omit<ThumbnailRecord, "status"> & { status: string };
const toThumbnail = (r: Row): ThumbnailRecord => ({ ...r, status: r.status as ThumbnailRecord["status"] });

/** MIME types that may have a thumbnail (the precise rule is lib/domain/thumbnails.ts, applied to what this returns). */
const CANDIDATE_TYPES = [{ mimeType: { startsWith: "image/" } }, { mimeType: { startsWith: "video/" } }, { mimeType: "application/pdf" }];

/** Rendered thumbnails, one row per blob and size. */
export class ThumbnailRepository {
  constructor(private readonly db: DbTx) {}

  /** The thumbnail of a version's blob at `size`, with where its bytes are; `blobId` is null for an unknown version. */
  async forVersion(versionId: number, size: number): Promise<{ blobId: number | null; thumbnail: ThumbnailRecord | null; policy: PolicyRecord | null }> {
    const row = await this.db.fileVersion.findUnique({
      where: { id: versionId },
      select: { blob: { select: { id: true, policy: true, thumbnails: { where: { size } } } } },
    });
    if (!row) return { blobId: null, thumbnail: null, policy: null };
    const thumbnail = row.blob.thumbnails[0];
    return { blobId: row.blob.id, thumbnail: thumbnail ? toThumbnail(thumbnail) : null, policy: toPolicy(row.blob.policy) };
  }

  async forBlob(blobId: number): Promise<ThumbnailRecord[]> {
    return (await this.db.thumbnail.findMany({ where: { blobId } })).map(toThumbnail);
  }

  /** Creates or replaces the row of a blob and size. */
  async save(input: Omit<ThumbnailRecord, "id" | "createdAt">, now: Date): Promise<ThumbnailRecord> {
    const { blobId, size, ...data } = input;
    const row = await this.db.thumbnail.upsert({
      where: { blobId_size: { blobId, size } },
      create: { blobId, size, ...data, createdAt: now },
      update: { ...data, createdAt: now },
    });
    return toThumbnail(row);
  }

  /** A live blob to render and the MIME type of one file using it; null when no version uses it any more. */
  async source(blobId: number): Promise<ThumbnailSourceRow | null> {
    const version = await this.db.fileVersion.findFirst({
      where: { blobId, blob: { refCount: { gt: 0 } } },
      orderBy: { id: "desc" },
      select: { node: { select: { mimeType: true } }, blob: { select: { id: true, key: true, size: true, policy: true } } },
    });
    if (!version) return null;
    return { blobId: version.blob.id, key: version.blob.key, size: Number(version.blob.size), policy: toPolicy(version.blob.policy), mimeType: version.node.mimeType };
  }

  /**
   * Live blobs after `afterBlobId` used by a file whose type may have a thumbnail, in id order: all of them, or
   * (`missingOnly`) those with no thumbnail row yet. For the backfill, page by page.
   */
  async candidates(afterBlobId: number, limit: number, missingOnly: boolean): Promise<{ blobId: number; mimeType: string | null }[]> {
    const rows = await this.db.fileVersion.findMany({
      where: { blobId: { gt: afterBlobId }, node: { OR: CANDIDATE_TYPES }, blob: { refCount: { gt: 0 }, ...(missingOnly ? { thumbnails: { none: {} } } : {}) } },
      distinct: ["blobId"],
      orderBy: { blobId: "asc" },
      take: limit,
      select: { blobId: true, node: { select: { mimeType: true } } },
    });
    return rows.map((r) => ({ blobId: r.blobId, mimeType: r.node.mimeType }));
  }

  /** How many blobs `candidates` would walk through in all. */
  async countCandidates(missingOnly: boolean): Promise<number> {
    const rows = await this.db.fileVersion.findMany({
      where: { node: { OR: CANDIDATE_TYPES }, blob: { refCount: { gt: 0 }, ...(missingOnly ? { thumbnails: { none: {} } } : {}) } },
      distinct: ["blobId"],
      select: { blobId: true },
    });
    return rows.length;
  }
}
