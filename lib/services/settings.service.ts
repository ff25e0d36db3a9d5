import "server-only";
import type { UnitOfWork } from "@/lib/repositories";

const GiB = 1024 ** 3;

/** Site settings with their defaults. */
export class SettingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly defaults: { defaultQuota: number } = { defaultQuota: 100 * GiB },
  ) {}

  async defaultQuota(): Promise<number | null> {
    const value = await this.uow.repos.settings.get<number | null>("defaultQuota");
    return value === undefined ? this.defaults.defaultQuota : value;
  }

  async trashRetentionDays(): Promise<number> {
    return (await this.uow.repos.settings.get<number>("trashRetentionDays")) ?? 30;
  }
}
