// Storage maintenance commands: policy:migrate (move a space's blobs to another policy) and fsck (consistency check).
import { setTimeout as sleep } from "node:timers/promises";
import type { Command } from "commander";
import { services } from "@/lib/container";
import { formatSize } from "@/lib/domain/size";
import { JobWorker } from "@/lib/jobs/worker";
import type { MigrationSubject, MigrationStatus } from "@/lib/services/policy-migration.service";
import type { ConsistencyReport, Finding } from "@/lib/services/consistency.service";

export function registerStorageMaintenanceCommands(program: Command): void {
  program
    .command("policy:migrate")
    .description("move every blob of a user's or a team's space to another storage policy, verified by SHA-256; waits for the job")
    .option("--user <username>", "the user's personal space")
    .option("--team <team>", "the team's space")
    .requiredOption("--to <policy>", "the target storage policy (by name)")
    .option("--dry-run", "only count the blobs and bytes that would move")
    .action(async (opts: { user?: string; team?: string; to: string; dryRun?: boolean }) => {
      if (Boolean(opts.user) === Boolean(opts.team)) throw new Error("Give either --user <username> or --team <team>.");
      const subject: MigrationSubject = opts.user ? { user: opts.user } : { team: opts.team! };
      const whose = opts.user ? `${opts.user}'s space` : `team ${opts.team}`;
      if (opts.dryRun) {
        const plan = await services().policyMigrations.plan(null, subject, opts.to);
        console.log(`dry run: ${plan.blobs} blobs (${formatSize(plan.bytes)}) of ${whose} would move to "${plan.targetPolicy}"`);
        return;
      }
      const started = await services().policyMigrations.start(null, subject, opts.to);
      console.log(`migrating ${whose} to "${opts.to}": ${started.plannedBlobs} blobs (${formatSize(started.plannedBytes)}); new uploads go to "${opts.to}" already`);
      const status = await waitForMigration(started.id);
      process.exitCode = printMigration(status) ? 0 : 1;
    });

  program
    .command("fsck")
    .description("check blobs against their rows, reference counts, space and folder sizes, reservations and upload staging")
    .option("--repair", "fix what is safe to fix (figures, stale reservations, orphans past the grace period) and list the rest")
    .option("--json", "print the report as JSON")
    .action(async (opts: { repair?: boolean; json?: boolean }) => {
      const report = await services().consistency.check(null, { repair: Boolean(opts.repair) });
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printReport(report);
      process.exitCode = report.unresolved === 0 ? 0 : 1;
    });
}

/**
 * Runs the migration job in this process until it is finished. Claims are atomic, so if a running server's worker
 * took the job first, this one only watches it.
 */
async function waitForMigration(id: number): Promise<MigrationStatus> {
  const s = services();
  const worker = new JobWorker(s.uow, s.clock).register("policy.migrate", async ({ job, progress }) => {
    await s.policyMigrations.run(Number(job.payload.migrationId), progress);
  });
  let shown = -1;
  for (;;) {
    const ran = await worker.runDue();
    const status = await s.policyMigrations.status(null, id);
    if (status.migration.status !== "running" || status.job?.status === "failed") return status;
    const moved = status.migration.copiedBlobs + status.migration.reusedBlobs;
    if (moved !== shown) console.log(`  ${moved} of ${status.migration.plannedBlobs} blobs moved${status.job?.lastError ? ` (retrying after: ${status.job.lastError})` : ""}`);
    shown = moved;
    if (ran === 0) await sleep(1000);
  }
}

/** Prints the verification figures; true when everything moved. */
function printMigration({ migration: m, remaining, job }: MigrationStatus): boolean {
  if (m.status === "running") {
    console.log(`the migration job failed: ${job?.lastError ?? "unknown error"}`);
    console.log(`  moved so far: ${m.copiedBlobs + m.reusedBlobs} of ${m.plannedBlobs} blobs; run the same command again to resume`);
    return false;
  }
  console.log(`done: ${m.copiedBlobs + m.reusedBlobs} blobs moved, ${m.versionsMoved} versions switched`);
  console.log(`  copied and verified (SHA-256 read back from the target): ${m.copiedBlobs} blobs, ${formatSize(m.copiedBytes)}`);
  console.log(`  already on the target (same SHA-256 and size), switched without a copy: ${m.reusedBlobs} blobs`);
  console.log(`  still on other policies: ${remaining.blobs} blobs (${formatSize(remaining.bytes)})`);
  console.log(`  could not be moved: ${m.failures.length}`);
  for (const f of m.failures) console.log(`    blob ${f.blobId} (${f.key}): ${f.reason}`);
  console.log("  the old copies are deleted by the blob cleanup job once their grace period (24 h) is over");
  return m.failures.length === 0 && remaining.blobs === 0;
}

function printReport(r: ConsistencyReport): void {
  for (const p of r.policies) console.log(`policy "${p.name}": ${p.error ? `not checked: ${p.error}` : `${p.objects} objects`}, ${p.rows} blob rows`);
  const section = <T>(title: string, f: Finding<T>, line: (item: T) => string) => {
    console.log(`${title}: ${f.count}`);
    for (const item of f.items) console.log(`  ${line(item)}`);
    if (f.count > f.items.length) console.log(`  … and ${f.count - f.items.length} more (--json lists the first ${f.items.length})`);
  };
  const fix = r.repair ? "fixed" : "would fix";
  section("objects without a blob row", r.orphanObjects, (o) => `${o.policy} ${o.key} ${formatSize(o.size)} ${o.modifiedAt}${o.deleted ? " deleted" : r.repair ? " kept (younger than the grace period)" : ""}`);
  section("blob rows whose bytes are missing (not repaired: restore the bytes or delete the files)", r.missingBytes, (m) =>
    `blob ${m.blobId} ${m.policy} ${m.key} ${formatSize(m.size)} used by ${m.files.map((f) => `node ${f.nodeId} "${f.name}" (space ${f.spaceId})`).join(", ") || "no file"}`,
  );
  section("blobs whose stored size differs (not repaired)", r.sizeMismatches, (m) => `blob ${m.blobId} ${m.policy} ${m.key}: row ${m.recorded} bytes, stored ${m.stored}`);
  section("wrong reference counts", r.refCounts, (m) => `blob ${m.id}: ${m.recorded} → ${m.actual} (${fix})`);
  section("wrong space usage", r.spaceUsage, (m) => `space ${m.id}: ${m.recorded} → ${m.actual} bytes (${fix})`);
  section("wrong folder sizes", r.folderSizes, (m) => `folder ${m.id} (space ${m.spaceId}): ${m.recorded} → ${m.actual} bytes (${fix})`);
  section("stale reservations", r.reservations, (m) => `space ${m.id}: ${m.recorded} → ${m.actual} bytes reserved (${fix})`);
  section("upload staging files without an upload", r.stagingOrphans, (o) => `${o.uploadId} ${formatSize(o.bytes)} ${o.modifiedAt}${o.deleted ? " deleted" : r.repair ? " kept (younger than the grace period)" : ""}`);
  console.log(r.unresolved === 0 ? "consistent" : `${r.unresolved} problems ${r.repair ? "left (listed above)" : "found; --repair fixes the safe ones"}`);
}
