import type { Services } from "@/lib/container";
import type { JobWorker } from "@/lib/jobs/worker";
import type { TestClock } from "./services";

/**
 * Runs due jobs until the policy migration is no longer running, moving the clock a minute on when nothing is due
 * (a job's retry backoff); its final status.
 */
export async function runMigration(services: Services, worker: JobWorker, clock: TestClock, id: number) {
  for (let i = 0; i < 50; i++) {
    const status = await services.policyMigrations.status(null, id);
    if (status.migration.status !== "running") return status;
    if ((await worker.runDue()) === 0) clock.advance(60_000);
  }
  throw new Error("the migration never finished");
}
