import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";

export interface AppPasswordRecord {
  id: number;
  publicId: string;
  userId: number;
  name: string;
  hash: string;
  readOnly: boolean;
  scopeNodeId: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** App password rows (hashes only; the secret is never stored). */
export class AppPasswordRepository {
  constructor(
    private readonly db: DbTx,
    private readonly reader: SqliteReader | null = null,
  ) {}

  async create(input: Pick<AppPasswordRecord, "publicId" | "userId" | "name" | "hash" | "readOnly" | "scopeNodeId">): Promise<AppPasswordRecord> {
    return this.db.appPassword.create({ data: input });
  }

  async findByPublicId(publicId: string): Promise<AppPasswordRecord | null> {
    return this.db.appPassword.findUnique({ where: { publicId } });
  }

  async findById(id: number): Promise<AppPasswordRecord | null> {
    if (this.reader) return this.reader.get<AppPasswordRecord>(`SELECT * FROM "AppPassword" WHERE "id" = ?`, [id]);
    return this.db.appPassword.findUnique({ where: { id } });
  }

  /** A user's live (unrevoked) app passwords, newest first. */
  async listLive(userId: number): Promise<AppPasswordRecord[]> {
    return this.db.appPassword.findMany({ where: { userId, revokedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  }

  async revoke(id: number, at: Date): Promise<boolean> {
    const { count } = await this.db.appPassword.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return count === 1;
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.db.appPassword.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
