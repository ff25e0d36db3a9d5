import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
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

/**
 * Runs many claimed jobs of one type at once (one job per file, done together: fewer statements and transactions);
 * answers the jobs that failed, by id, with why. Every other job of the batch is done.
 */
export type BatchJobHandler = (jobs: JobRow[]) => Promise<Map<number, unknown>>;

const LEASE_MS = 60_000;
/** Due jobs a round looks at for one-by-one handlers (each claimed just before it runs). */
const ROUND_JOBS = 20;

/**
 * Claims due jobs from the jobs table and runs their handlers. Claims are atomic, so across
 * instances a job runs once; a crashed worker's lease runs out and the job is retried with backoff.
 * A tick runs rounds until one finds nothing to do, then the worker sleeps until the next tick: a backlog is worked
 * off at the handlers' pace, not a round per interval.
 */
export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly batchHandlers = new Map<string, { handler: BatchJobHandler; size: number }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  register(type: string, handler: JobHandler): this {
    this.handlers.set(type, handler);
    this.batchHandlers.delete(type);
    return this;
  }

  /** Jobs of `type` are claimed up to `size` at a time (one statement) and handed to `handler` together. */
  registerBatch(type: string, handler: BatchJobHandler, size = BATCH_SIZE): this {
    this.batchHandlers.set(type, { handler, size });
    this.handlers.delete(type);
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

  /**
   * One round: a batch of each batched type, then each due job of the others (oldest first, up to ROUND_JOBS), each
   * claimed just before it runs. Returns how many ran.
   */
  async runDue(): Promise<number> {
    const jobs = this.uow.repos.jobs;
    let ran = 0;
    for (const [type, batch] of this.batchHandlers) {
      const claimed = await jobs.claimDue(type, this.id, this.leaseEnd(), this.clock.now(), batch.size);
      ran += claimed.length;
      if (claimed.length > 0) await this.executeBatch(batch.handler, claimed);
    }
    if (this.handlers.size === 0) return ran;
    const due = await jobs.due(this.clock.now(), ROUND_JOBS, [...this.handlers.keys()]);
    for (const job of due) {
      if (!(await jobs.claim(job, this.id, this.leaseEnd()))) continue;
      ran++;
      await this.execute({ ...job, attempts: job.attempts + 1 });
    }
    return ran;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.drain().catch((e: unknown) => {
      console.error("job worker tick failed", e);
      return 0;
    });
    await this.running;
    this.running = undefined;
  }

  /** Rounds until one runs nothing (or the worker stops), yielding to the event loop between them. */
  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const ran = await this.runDue();
      total += ran;
      if (ran === 0 || !this.timer) return total;
      await nextTurn();
    }
  }

  private async execute(job: JobRow): Promise<void> {
    const jobs = this.uow.repos.jobs;
    const handler = this.handlers.get(job.type)!;
    try {
      const result = await handler({ job, progress: (fraction) => jobs.renewLease(job.id, this.id, this.leaseEnd(), fraction) });
      if (result) await jobs.rearm(job.id, this.id, result.runAgainAt);
      else await jobs.complete(job.id, this.id, this.clock.now());
    } catch (e) {
      await this.fail(job, e);
    }
  }

  /** Runs claimed jobs together; their leases are renewed while the handler runs (a batch may outlast one lease). */
  private async executeBatch(handler: BatchJobHandler, claimed: JobRow[]): Promise<void> {
    const jobs = this.uow.repos.jobs;
    const ids = claimed.map((j) => j.id);
    const heartbeat = setInterval(() => void jobs.renewLeases(ids, this.id, this.leaseEnd()).catch(() => undefined), LEASE_MS / 3);
    heartbeat.unref();
    let failures: Map<number, unknown>;
    try {
      failures = await handler(claimed);
    } catch (e) {
      failures = new Map(ids.map((id) => [id, e]));
    } finally {
      clearInterval(heartbeat);
    }
    await jobs.completeMany(ids.filter((id) => !failures.has(id)), this.id, this.clock.now());
    for (const job of claimed) if (failures.has(job.id)) await this.fail(job, failures.get(job.id));
  }

  /** A failed run: retried with backoff (2, 4, 8 … s) while attempts remain, else failed for good. */
  private async fail(job: JobRow, e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    const retry = job.attempts < job.maxAttempts ? new Date(this.clock.now().getTime() + 1000 * 2 ** job.attempts) : null;
    await this.uow.repos.jobs.fail(job.id, this.id, message.slice(0, 2000), retry, this.clock.now());
  }

  private leaseEnd(): Date {
    return new Date(this.clock.now().getTime() + LEASE_MS);
  }
}

/** Jobs a batched type claims at once. */
const BATCH_SIZE = 50;
