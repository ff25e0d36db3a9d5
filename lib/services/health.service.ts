import "server-only";
import type { UnitOfWork } from "@/lib/repositories";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { SpaceService } from "./space.service";

export interface Health {
  ok: boolean;
  database: "ok" | "error";
  storage: "ok" | "error";
}

/** Whether the database and the default storage answer. */
export class HealthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly spaces: SpaceService,
    private readonly storage: StorageRegistry,
  ) {}

  async check(): Promise<Health> {
    const database = await this.uow.ping().then(() => "ok" as const, () => "error" as const);
    const storage =
      database === "ok"
        ? await this.spaces.defaultPolicy().then((p) => this.storage.driverFor(p).healthCheck()).then(() => "ok" as const, () => "error" as const)
        : ("error" as const);
    return { ok: database === "ok" && storage === "ok", database, storage };
  }
}
