import "server-only";
import type { UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";

/** Names of the jobs Haven knows; payloads carry ids only. */
export type JobType = "uploads.expire" | "blobs.collect" | "trash.purge" | "locks.expire" | "throttle.expire" | "partners.expire"
  | "teams.purge" | "users.purge" | "audit.retention"
  | "search.index" | "search.reindex"
  | "thumbnails.render" | "thumbnails.backfill"
  | "versions.retention" | "registrations.expire" | "loginflows.expire"
  | "policy.migrate" | "storage.fsck" | "blobs.sha1-backfill" | "blobs.sha1";

/** Puts durable work on the jobs table for the worker (lib/jobs/worker.ts). */
export class JobQueue {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async enqueue(type: JobType, payload: Record<string, unknown>, opts: { uniqueKey?: string; delayMs?: number; maxAttempts?: number } = {}): Promise<void> {
    await this.uow.repos.jobs.enqueue({
      type,
      payload,
      runAt: new Date(this.clock.now().getTime() + (opts.delayMs ?? 0)),
      uniqueKey: opts.uniqueKey,
      maxAttempts: opts.maxAttempts,
    });
  }

  /** enqueue() of one job per payload, each under its uniqueKey, in one statement (per 500). */
  async enqueueMany(type: JobType, jobs: { payload: Record<string, unknown>; uniqueKey: string }[], opts: { maxAttempts?: number } = {}): Promise<void> {
    if (jobs.length === 0) return;
    const runAt = this.clock.now();
    await this.uow.repos.jobs.enqueueManyUnique(jobs.map((j) => ({ type, payload: j.payload, uniqueKey: j.uniqueKey, runAt, maxAttempts: opts.maxAttempts })));
  }
}
