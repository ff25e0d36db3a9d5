import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { UnitOfWork } from "@/lib/repositories";
import type { JobRow } from "@/lib/repositories/job.repository";
import type { Clock } from "@/lib/services/clock";

export interface JobContext {
  job: JobRow;
  /** reports progress (0..1) and renews the lease */
  progress(fraction: number): Promise<void>;
}

/** A handler may ask to run again later (recurring jobs keep one row that is re-armed). */
export type JobHandler = (ctx: JobContext) => Promise<void | { runAgainAt: Date }>;

const LEASE_MS = 60_000;

/**
 * Claims due jobs from the jobs table and runs their handlers. Claims are atomic, so across
 * instances a job runs once; a crashed worker's lease runs out and the job is retried with backoff.
 */
export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  register(type: string, handler: JobHandler): this {
    this.handlers.set(type, handler);
    return this;
  }

  start(intervalMs = 2000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs every due job once; returns how many ran. */
  async runDue(): Promise<number> {
    const jobs = this.uow.repos.jobs;
    const due = (await jobs.due(this.clock.now(), 20)).filter((j) => this.handlers.has(j.type));
    let ran = 0;
    for (const job of due) {
      if (!(await jobs.claim(job, this.id, this.leaseEnd()))) continue;
      ran++;
      await this.execute({ ...job, attempts: job.attempts + 1 });
    }
    return ran;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runDue().catch((e: unknown) => {
      console.error("job worker tick failed", e);
      return 0;
    });
    await this.running;
    this.running = undefined;
  }

  private async execute(job: JobRow): Promise<void> {
    const jobs = this.uow.repos.jobs;
    const handler = this.handlers.get(job.type)!;
    try {
      const result = await handler({ job, progress: (fraction) => jobs.renewLease(job.id, this.id, this.leaseEnd(), fraction) });
      if (result) await jobs.rearm(job.id, this.id, result.runAgainAt);
      else await jobs.complete(job.id, this.id, this.clock.now());
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const retry = job.attempts < job.maxAttempts ? new Date(this.clock.now().getTime() + 1000 * 2 ** job.attempts) : null;
      await jobs.fail(job.id, this.id, message.slice(0, 2000), retry, this.clock.now());
    }
  }

  private leaseEnd(): Date {
    return new Date(this.clock.now().getTime() + LEASE_MS);
  }
}
