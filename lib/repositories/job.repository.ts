import "server-only";
import { providerOfDb, type DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";

export interface JobRow {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  uniqueKey: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

type Row = Omit<JobRow, "payload" | "status"> & { payload: string; status: string };
const toJob = (r: Row): JobRow => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown>, status: r.status as JobRow["status"] });

/** A row as raw SQL hands it back: DATETIME columns may come as text (SQLite), counters as bigint. */
type RawDate = Date | string | number;
type RawRow = {
  id: number | bigint; type: string; payload: string; status: string; progress: number; attempts: number | bigint; maxAttempts: number | bigint;
  runAt: RawDate; leaseUntil: RawDate | null; lastError: string | null; uniqueKey: string | null; createdAt: RawDate; finishedAt: RawDate | null;
};
const dateOf = (v: RawDate) => (v instanceof Date ? v : new Date(v));
const fromRaw = (r: RawRow): JobRow =>
  toJob({
    id: Number(r.id),
    type: r.type,
    payload: r.payload,
    status: r.status,
    progress: Number(r.progress),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.maxAttempts),
    runAt: dateOf(r.runAt),
    leaseUntil: r.leaseUntil === null ? null : dateOf(r.leaseUntil),
    lastError: r.lastError,
    uniqueKey: r.uniqueKey,
    createdAt: dateOf(r.createdAt),
    finishedAt: r.finishedAt === null ? null : dateOf(r.finishedAt),
  });

/** The durable job table. Claiming is an atomic conditional update, so one job never runs twice at once. */
export class JobRepository {
  constructor(private readonly db: DbTx) {}

  /** Enqueues; with a uniqueKey, does nothing while a job with that key is still pending. */
  async enqueue(input: { type: string; payload: Record<string, unknown>; runAt: Date; uniqueKey?: string; maxAttempts?: number }): Promise<void> {
    const data = { type: input.type, payload: JSON.stringify(input.payload), runAt: input.runAt, maxAttempts: input.maxAttempts ?? 5 };
    if (!input.uniqueKey) {
      // Raw SQL: uploads enqueue their thumbnail and SHA-1 jobs inside the commit, which on SQLite runs as a direct
      // transaction (raw SQL only); the row job.create leaves (test/service/raw-inserts.test.ts).
      const now = new Date();
      await this.db.$executeRaw`INSERT INTO "Job" ("type", "payload", "status", "progress", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
        VALUES (${data.type}, ${data.payload}, 'queued', 0, 0, ${data.maxAttempts}, ${data.runAt}, ${now}, ${now})`;
      return;
    }
    await this.enqueueUnique([{ ...data, uniqueKey: input.uniqueKey }]);
  }

  /**
   * enqueue() of many jobs, each under its own uniqueKey, in one statement per UNIQUE_CHUNK jobs (a copied folder's
   * files). A key given twice counts once (its last job).
   */
  async enqueueManyUnique(inputs: { type: string; payload: Record<string, unknown>; runAt: Date; uniqueKey: string; maxAttempts?: number }[]): Promise<void> {
    const jobs = [...new Map(inputs.map((i) => [i.uniqueKey, { type: i.type, payload: JSON.stringify(i.payload), runAt: i.runAt, maxAttempts: i.maxAttempts ?? 5, uniqueKey: i.uniqueKey }])).values()];
    for (let i = 0; i < jobs.length; i += UNIQUE_CHUNK) await this.enqueueUnique(jobs.slice(i, i + UNIQUE_CHUNK));
  }

  /**
   * One statement: inserts each job, or re-arms the finished (done or failed) job under its key as a fresh one; a job
   * still queued or running under the key is left as it is. The same outcome as reading the key, deleting a finished
   * job and creating a new one (test/service/job-enqueue-unique.test.ts), but the re-armed job keeps its id. No two
   * jobs may share a key (PostgreSQL refuses to update a row twice in one statement).
   */
  private async enqueueUnique(jobs: { type: string; payload: string; runAt: Date; maxAttempts: number; uniqueKey: string }[]): Promise<void> {
    const now = new Date();
    const rows = Prisma.join(jobs.map((job) => Prisma.sql`(${job.type}, ${job.payload}, 'queued', 0, 0, ${job.maxAttempts}, ${job.runAt}, ${job.uniqueKey}, ${now}, ${now})`));
    await this.db.$executeRaw`INSERT INTO "Job" ("type", "payload", "status", "progress", "attempts", "maxAttempts", "runAt", "uniqueKey", "createdAt", "updatedAt")
      VALUES ${rows}
      ON CONFLICT ("uniqueKey") DO UPDATE SET "type" = excluded."type", "payload" = excluded."payload", "status" = 'queued',
        "progress" = 0, "attempts" = 0, "maxAttempts" = excluded."maxAttempts", "runAt" = excluded."runAt", "leaseUntil" = NULL,
        "leasedBy" = NULL, "lastError" = NULL, "createdAt" = excluded."createdAt", "updatedAt" = excluded."updatedAt", "finishedAt" = NULL
      WHERE "Job"."status" NOT IN ('queued', 'running')`;
  }

  /** Candidates due now: queued, or running with an expired lease (a crashed worker); of `types` only, when given. */
  async due(now: Date, limit: number, types?: string[]): Promise<JobRow[]> {
    const rows = await this.db.job.findMany({
      where: { OR: [{ status: "queued", runAt: { lte: now } }, { status: "running", leaseUntil: { lt: now } }], ...(types ? { type: { in: types } } : {}) },
      orderBy: { runAt: "asc" },
      take: limit,
    });
    return rows.map(toJob);
  }

  /** Claims a job if nobody else changed it since it was read; true when this worker owns it. */
  async claim(job: JobRow, worker: string, leaseUntil: Date): Promise<boolean> {
    const { count } = await this.db.job.updateMany({
      where: { id: job.id, status: job.status, attempts: job.attempts },
      data: { status: "running", leasedBy: worker, leaseUntil, attempts: { increment: 1 } },
    });
    return count === 1;
  }

  /**
   * Claims up to `limit` due jobs of `type` for `worker` in one statement (the oldest first): queued and due, or running
   * with an expired lease (a crashed worker). Each claimed job gets the lease and one more attempt, as claim() gives;
   * the jobs are handed back as claimed. Atomic on both databases: SQLite runs one writer at a time, and PostgreSQL's
   * FOR UPDATE SKIP LOCKED passes over rows another worker's claim holds (and re-checks a row changed meanwhile), so
   * two workers never claim the same job.
   */
  async claimDue(type: string, worker: string, leaseUntil: Date, now: Date, limit: number): Promise<JobRow[]> {
    const skipLocked = providerOfDb(this.db) === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
    const rows = await this.db.$queryRaw<RawRow[]>`UPDATE "Job" SET "status" = 'running', "leasedBy" = ${worker}, "leaseUntil" = ${leaseUntil},
        "attempts" = "attempts" + 1, "updatedAt" = ${new Date()}
      WHERE "id" IN (SELECT "id" FROM "Job" WHERE "type" = ${type}
        AND (("status" = 'queued' AND "runAt" <= ${now}) OR ("status" = 'running' AND "leaseUntil" < ${now}))
        ORDER BY "runAt", "id" LIMIT ${limit} ${skipLocked})
      RETURNING *`;
    return rows.map(fromRaw).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  }

  async renewLease(id: number, worker: string, leaseUntil: Date, progress?: number): Promise<void> {
    await this.db.job.updateMany({ where: { id, leasedBy: worker }, data: { leaseUntil, ...(progress !== undefined ? { progress } : {}) } });
  }

  async complete(id: number, worker: string, now: Date): Promise<void> {
    await this.db.job.updateMany({ where: { id, leasedBy: worker }, data: { status: "done", progress: 1, finishedAt: now, leaseUntil: null } });
  }

  /** renewLease of many jobs (a batch the worker runs together), in one statement. */
  async renewLeases(ids: number[], worker: string, leaseUntil: Date): Promise<void> {
    if (ids.length > 0) await this.db.job.updateMany({ where: { id: { in: ids }, leasedBy: worker }, data: { leaseUntil } });
  }

  /** complete() of many jobs, in one statement. */
  async completeMany(ids: number[], worker: string, now: Date): Promise<void> {
    if (ids.length > 0) await this.db.job.updateMany({ where: { id: { in: ids }, leasedBy: worker }, data: { status: "done", progress: 1, finishedAt: now, leaseUntil: null } });
  }

  /** Puts a finished recurring job back in the queue for its next run. */
  async rearm(id: number, worker: string, runAt: Date): Promise<void> {
    await this.db.job.updateMany({
      where: { id, leasedBy: worker },
      data: { status: "queued", runAt, attempts: 0, progress: 0, leaseUntil: null, leasedBy: null, lastError: null },
    });
  }

  async fail(id: number, worker: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
    await this.db.job.updateMany({
      where: { id, leasedBy: worker },
      data: retryAt
        ? { status: "queued", runAt: retryAt, lastError: error, leaseUntil: null, leasedBy: null }
        : { status: "failed", lastError: error, finishedAt: now, leaseUntil: null },
    });
  }

  async findById(id: number): Promise<JobRow | null> {
    const row = await this.db.job.findUnique({ where: { id } });
    return row ? toJob(row) : null;
  }

  async findByUniqueKey(uniqueKey: string): Promise<JobRow | null> {
    const row = await this.db.job.findUnique({ where: { uniqueKey } });
    return row ? toJob(row) : null;
  }

  async list(filter: { type?: string; status?: JobRow["status"] }, limit = 100): Promise<JobRow[]> {
    const rows = await this.db.job.findMany({ where: filter, orderBy: { id: "desc" }, take: limit });
    return rows.map(toJob);
  }

  /** A failed job back to the queue, due at `now`, attempts reset; false unless it was failed. */
  async requeueFailed(id: number, now: Date): Promise<boolean> {
    const { count } = await this.db.job.updateMany({
      where: { id, status: "failed" },
      data: { status: "queued", runAt: now, attempts: 0, progress: 0, leaseUntil: null, leasedBy: null, finishedAt: null },
    });
    return count === 1;
  }

  async deleteFinishedBefore(before: Date): Promise<void> {
    await this.db.job.deleteMany({ where: { status: { in: ["done"] }, finishedAt: { lt: before } } });
  }
}

/** Jobs per multi-row insert (7 bound parameters each), well under SQLite's and PostgreSQL's limits. */
const UNIQUE_CHUNK = 500;
