import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { UploadRecord } from "@/lib/domain/types";
import { toUpload } from "./mappers";

export class UploadRepository {
  constructor(private readonly db: DbTx) {}

  async create(input: UploadRecord): Promise<UploadRecord> {
    return toUpload(await this.db.upload.create({ data: { ...input, size: BigInt(input.size) } }));
  }

  async findById(id: string): Promise<UploadRecord | null> {
    const row = await this.db.upload.findUnique({ where: { id } });
    return row ? toUpload(row) : null;
  }

  /** Deletes the row; true when this call removed it (so only one caller releases its reservation). */
  async remove(id: string): Promise<boolean> {
    const { count } = await this.db.upload.deleteMany({ where: { id } });
    return count === 1;
  }

  async expired(now: Date, limit: number): Promise<UploadRecord[]> {
    const rows = await this.db.upload.findMany({ where: { expiresAt: { lt: now } }, take: limit });
    return rows.map(toUpload);
  }

  async extend(id: string, expiresAt: Date): Promise<void> {
    await this.db.upload.updateMany({ where: { id }, data: { expiresAt } });
  }
}
