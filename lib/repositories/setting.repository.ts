import "server-only";
import type { DbTx } from "@/lib/db/client";

/** Site settings as JSON values by key. */
export class SettingRepository {
  constructor(private readonly db: DbTx) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db.setting.findUnique({ where: { key } });
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    await this.db.setting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
  }

  /** Creates the key; throws a unique-constraint error if it exists (use inside a transaction to claim once). */
  async create(key: string, value: unknown): Promise<void> {
    await this.db.setting.create({ data: { key, value: JSON.stringify(value) } });
  }

  async remove(key: string): Promise<void> {
    await this.db.setting.deleteMany({ where: { key } });
  }
}
