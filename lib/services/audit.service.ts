import "server-only";
import type { AuditInput } from "@/lib/repositories/audit.repository";
import type { UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";

/** Records who did what; never throws into the caller's flow. */
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditInput): Promise<void> {
    await this.uow.repos.audit.record(event, this.clock.now()).catch((e: unknown) => console.error("audit write failed", e));
  }
}
