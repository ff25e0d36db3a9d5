import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { JobRow } from "@/lib/repositories/job.repository";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import { assertAdmin } from "./user.service";

/** Admin → Jobs: the queue by state, and retrying a failed job. */
export class AdminJobsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, status: JobRow["status"] | undefined, limit = 100): Promise<JobRow[]> {
    assertAdmin(actor);
    return this.uow.repos.jobs.list(status ? { status } : {}, limit);
  }

  /** Puts a failed job back in the queue to run now, with its attempts reset. */
  async retry(actor: Actor, id: number): Promise<JobRow> {
    assertAdmin(actor);
    const job = await this.uow.repos.jobs.findById(id);
    if (!job) throw new DomainError("NOT_FOUND", "No such job.");
    if (!(await this.uow.repos.jobs.requeueFailed(id, this.clock.now()))) throw new DomainError("CONFLICT", "Only a failed job can be retried.");
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "job.retry", targetType: "job", targetId: String(id), details: { type: job.type } });
    return (await this.uow.repos.jobs.findById(id))!;
  }
}
