import "server-only";
import type { Services } from "@/lib/container";
import type { JobType } from "@/lib/services/job.queue";
import type { JobHandler, JobWorker } from "../worker";

const MINUTE = 60_000;

/** Job types whose jobs the worker runs many at once (registerBatch). */
type BatchedJobType = "search.index";

/** Recurring jobs: each run schedules the next, deduped by its unique key across instances. */
const RECURRING: { type: JobType; everyMs: number }[] = [
  { type: "uploads.expire", everyMs: 10 * MINUTE },
  { type: "blobs.collect", everyMs: 60 * MINUTE },
  { type: "trash.purge", everyMs: 6 * 60 * MINUTE },
  { type: "locks.expire", everyMs: 15 * MINUTE },
  { type: "throttle.expire", everyMs: 60 * MINUTE },
  // "daily" in effect: an account stops within the hour its expiry date begins (UTC); reminders go out once
  { type: "partners.expire", everyMs: 60 * MINUTE },
  { type: "audit.retention", everyMs: 24 * 60 * MINUTE },
  { type: "versions.retention", everyMs: 24 * 60 * MINUTE },
  { type: "registrations.expire", everyMs: 60 * MINUTE },
  // Nextcloud login flows live 20 minutes; their rows (and sealed app passwords never collected) go soon after.
  { type: "loginflows.expire", everyMs: 15 * MINUTE },
  // SHA-1 for blobs stored before it was kept: the first run after an upgrade reads them once; later runs find none
  { type: "blobs.sha1-backfill", everyMs: 24 * 60 * MINUTE },
];

export function registerJobHandlers(worker: JobWorker, services: Services): void {
  // One job per file, run many at once: their reads batched and their texts saved in one transaction.
  worker.registerBatch("search.index", async (jobs) => {
    const failed = await services.search.indexFiles(jobs.map((j) => Number(j.payload.nodeId)));
    return new Map(jobs.flatMap((j) => (failed.has(Number(j.payload.nodeId)) ? [[j.id, failed.get(Number(j.payload.nodeId))] as const] : [])));
  });
  const handlers: Record<Exclude<JobType, BatchedJobType>, JobHandler> = {
    "uploads.expire": async () => {
      const ids = await services.uploads.expire();
      for (const id of ids) await services.uploadStaging.remove(id);
      await services.chunkedUploads.expire();
    },
    "blobs.collect": async () => {
      await services.blobs.collectUnreferenced();
    },
    "trash.purge": async () => {
      const days = await services.settings.trashRetentionDays();
      await services.trash.purgeTrashOlderThan(new Date(services.clock.now().getTime() - days * 24 * 60 * MINUTE));
      // Big copies interrupted by a stop of the process: a day is far longer than any copy takes.
      await services.files.discardAbandonedCopies(new Date(services.clock.now().getTime() - 24 * 60 * MINUTE));
    },
    "locks.expire": async () => {
      await services.locks.expire();
    },
    "throttle.expire": async () => {
      await services.throttle.expire();
    },
    "partners.expire": async () => {
      await services.partners.runExpiry();
    },
    "teams.purge": async (ctx) => {
      await services.teams.purgeDeleted(Number(ctx.job.payload.spaceId));
    },
    "users.purge": async ({ job }) => {
      await services.adminUsers.purge(Number(job.payload.userId));
    },
    "audit.retention": async () => {
      await services.audit.applyRetention();
    },
    "search.reindex": async (ctx) => {
      await services.search.reindexAll((fraction) => ctx.progress(fraction));
    },
    "thumbnails.render": async ({ job }) => {
      await services.thumbnails.renderBlob(Number(job.payload.blobId));
    },
    "thumbnails.backfill": async ({ job, progress }) => {
      await services.thumbnails.backfill({ all: job.payload.all === true }, progress);
    },
    "versions.retention": async () => {
      await services.versions.applyRetention();
    },
    "registrations.expire": async () => {
      await services.registration.removeUnverified();
    },
    "loginflows.expire": async () => {
      await services.loginFlows.expire();
    },
    "policy.migrate": async ({ job, progress }) => {
      await services.policyMigrations.run(Number(job.payload.migrationId), progress);
    },
    "blobs.sha1-backfill": async ({ progress }) => {
      const counts = await services.sha1Backfill.run((fraction) => progress(fraction));
      for (const problem of counts.problems) console.error(`sha1 backfill: ${problem}`);
    },
    "blobs.sha1": async ({ job }) => {
      await services.sha1Backfill.fillOne(Number(job.payload.blobId));
    },
    "storage.fsck": async ({ job }) => {
      await services.consistency.runQueued(Number(job.payload.runId));
    },
  };
  for (const [type, handler] of Object.entries(handlers) as [Exclude<JobType, BatchedJobType>, JobHandler][]) {
    const recurring = RECURRING.find((r) => r.type === type);
    worker.register(type, async (ctx) => {
      await handler(ctx);
      if (recurring && ctx.job.uniqueKey === `recurring:${type}`) return { runAgainAt: new Date(services.clock.now().getTime() + recurring.everyMs) };
    });
  }
}

/** Makes sure every recurring job has a pending run (called at worker start). */
export async function scheduleRecurringJobs(services: Services): Promise<void> {
  for (const r of RECURRING) await services.jobs.enqueue(r.type, {}, { uniqueKey: `recurring:${r.type}`, delayMs: MINUTE });
}
